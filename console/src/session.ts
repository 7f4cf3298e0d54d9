import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './auth.ts';

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session (pages render only inside one). */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in shell');
  return s;
}

/** True in the consumer portal view (a token scoped to one application). */
export function usePortal(): boolean {
  return useSession().app !== null;
}

// The REST doors: one per seed dialect, plus their OpenAPI document.
import { VERSION } from '../../delivery/request.ts';
import type { Door } from '../../http.ts';
import { kadoseiDialect } from './kadosei/index.ts';
import { k42Dialect } from './k42/index.ts';
import { partnerDialect } from './partner/index.ts';
import { createOpenApiDoor } from './openapi.ts';
import { createRestDoor, type Dialect, type RestDeps } from './rest.ts';

export function restDialects(deps: RestDeps): Dialect[] {
  return [k42Dialect(deps), partnerDialect(deps), kadoseiDialect(deps)];
}

export function createRestDoors(deps: RestDeps): Door[] {
  const dialects = restDialects(deps);
  return [...dialects.map((d) => createRestDoor(d, deps)), createOpenApiDoor(dialects, VERSION)];
}

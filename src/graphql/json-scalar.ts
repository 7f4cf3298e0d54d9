// The JSONObject scalar. graphql-scalars' version recurses over literals and interpolates a
// rejected value into its message (a deep array overflows while being turned into text, and the
// input is echoed back); this one converts literals iteratively and names only the type. Depth is
// a domain rule (src/input.ts) so that it becomes a ValidationError with its path.
import { GraphQLError, GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';

const SPECIFIED_BY = 'http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf';

function ensureObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GraphQLError(`JSONObject must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/** A literal as a plain value, without recursion; variables inside it are substituted. */
function literalValue(root: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  const out: { value: unknown } = { value: undefined };
  const stack: Array<{ node: ValueNode; assign: (v: unknown) => void }> = [{ node: root, assign: (v) => (out.value = v) }];
  while (stack.length > 0) {
    const { node, assign } = stack.pop()!;
    switch (node.kind) {
      case Kind.STRING:
      case Kind.ENUM:
        assign(node.value);
        break;
      case Kind.BOOLEAN:
        assign(node.value);
        break;
      case Kind.INT:
      case Kind.FLOAT:
        assign(Number(node.value));
        break;
      case Kind.NULL:
        assign(null);
        break;
      case Kind.VARIABLE:
        assign(variables ? variables[node.name.value] : undefined);
        break;
      case Kind.LIST: {
        const list: unknown[] = new Array(node.values.length);
        assign(list);
        node.values.forEach((item, i) => stack.push({ node: item, assign: (v) => (list[i] = v) }));
        break;
      }
      case Kind.OBJECT: {
        const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        assign(obj);
        for (const field of node.fields) stack.push({ node: field.value, assign: (v) => (obj[field.name.value] = v) });
        break;
      }
    }
  }
  return out.value;
}

export const JSONObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object (ECMA-404), nested at most HOOKGATE_JSON_MAX_DEPTH levels (default 64) where it is an input.',
  specifiedByURL: SPECIFIED_BY,
  serialize: ensureObject,
  parseValue: ensureObject,
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) throw new GraphQLError('JSONObject must be a JSON object literal', { nodes: ast });
    return ensureObject(literalValue(ast as ObjectValueNode, variables));
  },
});

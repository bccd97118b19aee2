import { getNamedType, isLeafType, isRequiredArgument, type GraphQLObjectType } from "graphql";
import type { GatewayKeyAllocator } from "./gatewayKeys.js";
import type { ExtraFieldKey } from "./selectionPlan.js";
import type { ShapeOptions } from "./types.js";

/** The extra fields of each concrete type, checked once per operation and given gateway keys. */
export class ExtraFieldRegistry {
  private readonly byType = new Map<string, readonly ExtraFieldKey[]>();

  constructor(
    private readonly extraFields: ShapeOptions["extraFields"],
    private readonly keys: GatewayKeyAllocator,
  ) {}

  keysFor(type: GraphQLObjectType): readonly ExtraFieldKey[] {
    let keys = this.byType.get(type.name);
    if (keys === undefined) {
      keys = this.resolve(type);
      this.byType.set(type.name, keys);
    }
    return keys;
  }

  /** The types that have extra fields, among those met while shaping. */
  used(): Map<string, readonly ExtraFieldKey[]> {
    return new Map([...this.byType].filter(([, keys]) => keys.length > 0));
  }

  private resolve(type: GraphQLObjectType): readonly ExtraFieldKey[] {
    if (this.extraFields === undefined || type.name.startsWith("__")) return Object.freeze([]);
    const names = [...new Set(this.extraFields(type))];
    const fields = type.getFields();
    return Object.freeze(
      names.map((fieldName) => {
        const field = fields[fieldName];
        // A misconfigured extra field would silently starve the value rule of its facts: fail loudly.
        if (field === undefined) throw new Error(`Extra field ${type.name}.${fieldName} does not exist`);
        if (!isLeafType(getNamedType(field.type))) throw new Error(`Extra field ${type.name}.${fieldName} must have a scalar or enum type`);
        if (field.args.some(isRequiredArgument)) throw new Error(`Extra field ${type.name}.${fieldName} must not require arguments`);
        return Object.freeze({ fieldName, gatewayKey: this.keys.extraKey(type.name, fieldName) });
      }),
    );
  }
}

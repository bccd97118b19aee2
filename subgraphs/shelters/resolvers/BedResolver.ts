import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { SheltersContext } from "../context.js";
import { Bed } from "../entities/Bed.js";

@Resolver(() => Bed)
export class BedResolver {
  @FieldResolver(() => Boolean, { description: "Whether an intake (pending or confirmed) holds the bed now." })
  occupied(@Root() bed: Bed, @Ctx() ctx: SheltersContext) {
    return ctx.loaders.bedOccupied.load(bed.id);
  }
}

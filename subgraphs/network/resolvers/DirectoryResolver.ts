import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { decodeDirectoryKey, directoryFilterSchema, encodeDirectoryKey } from "../../kit/directory.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { Directory, DirectoryFilter } from "../entities/Directory.js";
import { OrganizationConnection } from "../entities/Organization.js";
import { listOrganizations } from "./OrganizationResolver.js";

@Resolver(() => Directory)
export class DirectoryResolver {
  @Query(() => Directory, {
    description: "The service directory across every partner kind: shelters, legal aid, law-enforcement liaison.",
  })
  directory(@Arg("filter", () => DirectoryFilter, { nullable: true }) filter: DirectoryFilter | null): Directory {
    return { key: encodeDirectoryKey(validateInput(directoryFilterSchema, filter ?? {}, "filter")) };
  }

  @FieldResolver(() => OrganizationConnection, { description: "Organisations of the filtered kinds that work in the filtered languages." })
  organizations(
    @Root() directory: Directory,
    @Ctx() ctx: NetworkContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const { kinds, languages } = decodeDirectoryKey(directory.key);
    return listOrganizations(ctx, { kinds, languages }, first, after);
  }
}

import { networkEntityStubs } from "../../kit/stubs.js";

export const { OrganizationRef, SurvivorRef, DirectoryRef } = networkEntityStubs();
export type OrganizationRef = InstanceType<typeof OrganizationRef>;
export type SurvivorRef = InstanceType<typeof SurvivorRef>;
export type DirectoryRef = InstanceType<typeof DirectoryRef>;

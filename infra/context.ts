// What every component needs to know about the stack it belongs to: its validated config, its
// profile, and how to name and tag what it creates. Plain data, built once per program run.
import { type Color, type NameKind, resourceName, stackTags } from "../src/core/naming.ts";
import { type Profile, PROFILES } from "../src/core/profiles.ts";
import type { StackConfig } from "../src/core/stack-config.ts";

export interface StackContext {
  readonly config: StackConfig;
  readonly profile: Profile;
  /** The physical AWS name for `role`, within the limits of `kind`. */
  name(role: string, kind: NameKind): string;
  /** prenv's tags plus a readable `Name`, and `prenv:color` where a colour applies. */
  tags(role: string, color?: Color): Record<string, string>;
}

export function stackContext(config: StackConfig): StackContext {
  const id = config.identity;
  return {
    config,
    profile: PROFILES[config.profile],
    name: (role, kind) => resourceName(id, role, kind),
    tags: (role, color) => ({ ...stackTags(id, color), Name: resourceName(id, role, "tagName") }),
  };
}

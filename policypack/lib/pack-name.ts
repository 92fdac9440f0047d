/** The pack's name in Pulumi Cloud: what `pulumi policy publish` registers and `policy ls` lists. */
export const PACK_NAME = "rayops";

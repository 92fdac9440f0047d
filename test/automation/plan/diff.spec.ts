import { strict as assert } from "node:assert";
import { changedPaths, diffPlans, MAX_PATHS } from "../../../automation/plan/diff";
import type { CapturedResource } from "../../../automation/plan/types";

const URN = (name: string, type = "aws:s3/bucket:Bucket") => `urn:pulumi:dev::rayops::${type}::${name}`;

function resource(
    name: string,
    inputs: Record<string, unknown>,
    more: Partial<CapturedResource> = {},
): CapturedResource {
    const type = more.type ?? "aws:s3/bucket:Bucket";
    return {
        type,
        name,
        urn: URN(name, type),
        inputs,
        outputs: {},
        component: false,
        isProvider: false,
        ...more,
    };
}

describe("offline plan diff (automation/plan/diff.ts)", () => {
    describe("changedPaths", () => {
        it("names each changed leaf by its path, and nothing that is equal", () => {
            const a = { tags: { team: "ml", env: "dev" }, scaling: { min: 0, max: 4 }, name: "x" };
            const b = { tags: { team: "ai", env: "dev" }, scaling: { min: 0, max: 6 }, name: "x" };
            assert.deepEqual(changedPaths(a, b), ["scaling.max", "tags.team"]);
        });

        it("indexes list items, and names a list whose length changed as a whole", () => {
            assert.deepEqual(changedPaths({ l: [{ a: 1 }, { a: 2 }] }, { l: [{ a: 1 }, { a: 3 }] }), [
                "l[1].a",
            ]);
            assert.deepEqual(changedPaths({ l: [1, 2] }, { l: [1, 2, 3] }), ["l"]);
        });

        it("names an added or removed key, and a value whose type changed", () => {
            assert.deepEqual(changedPaths({ a: 1 }, { a: 1, b: 2 }), ["b"]);
            assert.deepEqual(changedPaths({ a: 1, b: 2 }, { a: 1 }), ["b"]);
            assert.deepEqual(changedPaths({ a: { x: 1 } }, { a: "x" }), ["a"]);
        });

        it("finds no change between equal inputs", () => {
            assert.deepEqual(changedPaths({ a: [1, { b: null }] }, { a: [1, { b: null }] }), []);
        });
    });

    describe("diffPlans", () => {
        it("says create, update, delete and same by URN, with the update's paths", () => {
            // GIVEN a base with three buckets and a head that changes one, drops one and adds one
            const base = [
                resource("a", { acl: "private" }),
                resource("b", { acl: "private" }),
                resource("gone", {}),
            ];
            const head = [
                resource("a", { acl: "private" }),
                resource("b", { acl: "public-read" }),
                resource("new", {}),
            ];
            // WHEN diffed
            const diff = diffPlans(base, head);
            // THEN each resource has its change, and the dropped one is listed as deleted
            assert.equal(diff.changes.get(URN("a"))?.change, "same");
            assert.deepEqual(diff.changes.get(URN("b")), {
                change: "update",
                paths: ["acl"],
                morePaths: 0,
                replaceReasons: [],
            });
            assert.equal(diff.changes.get(URN("new"))?.change, "create");
            assert.deepEqual(
                diff.deleted.map((r) => r.name),
                ["gone"],
            );
        });

        it("replaces where the program's replaceOnChanges covers a changed path, saying why", () => {
            const base = [resource("b", { spec: { size: 1 } }, { replaceOnChanges: ["spec"] })];
            const head = [resource("b", { spec: { size: 2 } }, { replaceOnChanges: ["spec"] })];
            const change = diffPlans(base, head).changes.get(URN("b"));
            assert.equal(change?.change, "replace");
            assert.deepEqual(change?.replaceReasons, ["spec.size changed, and the program replaces on spec"]);
        });

        it("does not replace on a path that only starts like a replaceOnChanges entry", () => {
            const base = [resource("b", { specs: 1 }, { replaceOnChanges: ["spec"] })];
            const head = [resource("b", { specs: 2 }, { replaceOnChanges: ["spec"] })];
            assert.equal(diffPlans(base, head).changes.get(URN("b"))?.change, "update");
        });

        it("replaces a resource whose provider changed", () => {
            const base = [resource("b", {}, { provider: "urn:p1" })];
            const head = [resource("b", {}, { provider: "urn:p2" })];
            const change = diffPlans(base, head).changes.get(URN("b"));
            assert.equal(change?.change, "replace");
            assert.deepEqual(change?.replaceReasons, ["its provider changed"]);
        });

        it("matches a renamed resource through its alias: an update, not a delete and a create", () => {
            const base = [resource("old", { acl: "private" })];
            const head = [resource("new", { acl: "public-read" }, { aliases: [URN("old")] })];
            const diff = diffPlans(base, head);
            assert.equal(diff.changes.get(URN("new"))?.change, "update");
            assert.deepEqual(diff.deleted, []);
        });

        it("keeps components, reads and providers out of the changes", () => {
            const component = { type: "rayops:storage:Storage", component: true };
            const base = [
                resource("c", { x: 1 }, component),
                resource("ref", { name: "a" }, { type: "pulumi:pulumi:StackReference", read: true }),
                resource("p", {}, { type: "pulumi:providers:aws", isProvider: true }),
            ];
            const head = [
                resource("c", { x: 2 }, component),
                resource("ref", { name: "b" }, { type: "pulumi:pulumi:StackReference", read: true }),
            ];
            const diff = diffPlans(base, head);
            assert.equal(diff.changes.get(URN("c", "rayops:storage:Storage"))?.change, "same");
            assert.equal(diff.changes.get(URN("ref", "pulumi:pulumi:StackReference"))?.change, "same");
            assert.deepEqual(diff.deleted, []);
        });

        it(`lists at most ${MAX_PATHS} paths of one resource and counts the rest`, () => {
            const many = (v: number) =>
                Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, v]));
            const change = diffPlans([resource("b", many(1))], [resource("b", many(2))]).changes.get(
                URN("b"),
            );
            assert.equal(change?.paths.length, MAX_PATHS);
            assert.equal(change?.morePaths, 5);
        });
    });
});

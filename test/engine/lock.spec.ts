import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { INIT, waitFor, withProject } from "./project";

describe("engine: a second update while the first holds the stack's lock, real file-backend lock", function () {
    this.timeout(300_000);
    const project = withProject(INIT);

    it("fails the second `up` with exit 4 and leaves the first one's lock alone, which then finishes", async () => {
        const hold = path.join(project().cloudDir, "..", "release-the-head");
        // The first update holds its lock while the stand-in cloud waits to create the head.
        const first = project().rayops(["up", "--yes", "--stack", "dev"], {
            env: { STANDIN_HOLD_FILE: hold },
        });
        await waitFor("the first update to take the stack's lock", () => project().locks().length > 0);
        const held = project().locks();

        const second = await project().rayops(["up", "--yes", "--stack", "dev"]);
        assert.equal(second.code, 4, second.stderr);
        assert.match(second.stderr, /stack dev is locked by another update/);
        assert.match(second.stderr, /rayops never cancels someone else's update/);
        assert.deepEqual(project().locks(), held, "the first update's lock was touched");

        fs.writeFileSync(hold, "");
        const done = await first;
        assert.equal(done.code, 0, done.stderr);
        assert.deepEqual(Object.keys(project().cloud()).sort(), ["ray-head", "ray-worker-0"]);
        assert.deepEqual(project().locks(), []);
    });
});

/** Where a finding is fixed, as the Markdown policy table shows it under the finding. */
import { strict as assert } from "node:assert";
import { markdownSummary } from "../../../automation/render/markdown";
import type { PolicyFinding, Report } from "../../../automation/render/report";

function violating(policy: string): Report {
    const finding: PolicyFinding = {
        policy,
        enforcementLevel: "mandatory",
        resource: { type: "aws:eks/nodeGroup:NodeGroup", name: "rayops-dev-gpu-ng", urn: "urn:x" },
        message: "Too many nodes.",
    };
    return {
        kind: "offline-plan",
        stack: "dev",
        project: "rayops",
        region: "us-east-1",
        succeeded: false,
        resources: [],
        policy: { evaluated: true, policiesRun: 29, findings: [finding] },
        limits: [],
    };
}

const findingCell = (md: string) =>
    md
        .split("\n")
        .find((l) => l.startsWith("| ⛔"))!
        .split(" | ")
        .at(-1)!;

describe("the fix under a policy finding (Markdown)", () => {
    it("puts the file and key of the fix on its own line, its lead in bold, without a second 'Fix' label", () => {
        // GIVEN a finding whose fix is a stack config key WHEN summarised
        const cell = findingCell(markdownSummary(violating("stack-enforce-node-limits")));
        // THEN the hint follows the message on a line of its own, said once
        assert.match(
            cell,
            /^Too many nodes\.<br>\*\*Fix in Pulumi\.dev\.yaml:\*\* rayops:nodePools\.&lt;pool&gt;\.maxSize: /,
        );
        assert.doesNotMatch(cell, /Fix:\*\* Fix/);
    });

    it("says when no stack config sets the checked setting, in bold, for a fix in the program", () => {
        const cell = findingCell(markdownSummary(violating("s3-bucket-enable-versioning")));
        assert.match(
            cell,
            /<br>\*\*No stack config sets this:\*\* the program does \(components\/storage\/storage\.ts\)/,
        );
    });
});

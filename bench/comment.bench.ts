/** A PR comment for a 2,000-resource change must fit GitHub's 65,536-character limit, summary first. */
import { fitComment } from "../automation/github";
import { markdownDetails, markdownSummary } from "../automation/render/markdown";
import type { Report, ReportResource } from "../automation/render/report";

export function syntheticReport(resources: number): Report {
    const kinds = ["create", "update", "replace", "delete"] as const;
    const list: ReportResource[] = Array.from({ length: resources }, (_, i) => ({
        type: "aws:ec2/subnet:Subnet",
        name: `subnet-${String(i).padStart(5, "0")}`,
        urn: `urn:pulumi:prod::rayops::aws:ec2/subnet:Subnet::subnet-${i}`,
        component: false,
        change: kinds[i % kinds.length],
    }));
    return {
        kind: "preview",
        stack: "prod",
        project: "rayops",
        succeeded: true,
        resources: list,
        policy: {
            evaluated: true,
            policiesRun: 21,
            findings: Array.from({ length: 25 }, (_, i) => ({
                policy: "aws-resource-missing-required-tags",
                enforcementLevel: "advisory" as const,
                resource: { type: list[i].type, name: list[i].name, urn: list[i].urn },
                message: `Resource ${list[i].name} lacks the tag cost-center.`,
            })),
        },
        limits: [],
    };
}

export async function bench() {
    const report = syntheticReport(2000);
    const start = process.hrtime.bigint();
    const summary = markdownSummary(report);
    const body = fitComment(summary, markdownDetails(report));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const summaryFirst = body.indexOf(summary.split("\n")[0]) < 200;
    return [
        {
            name: "PR comment, 2,000 resources (chars)",
            value: `${body.length}`,
            target: "≤ 65,536, summary first",
            ok: body.length <= 65536 && summaryFirst,
        },
        { name: "PR comment render time", value: `${ms.toFixed(1)} ms`, target: "(reported)", ok: true },
    ];
}

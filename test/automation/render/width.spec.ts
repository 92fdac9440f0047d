import { strict as assert } from "node:assert";
import { runOfflinePlan } from "../../../automation/plan/offline-plan";
import { costLines, DEFAULT_WIDTH, wrapText } from "../../../automation/render/format";
import type { Report } from "../../../automation/render/report";
import { makeStyle, stripAnsi } from "../../../automation/render/style";
import { renderTerminal } from "../../../automation/render/terminal";
import { REPO_ROOT, STACKS } from "../../support/program";

const columns = (text: string) =>
    Math.max(
        ...stripAnsi(text)
            .split("\n")
            .map((l) => [...l].length),
    );

describe("terminal output sized to the terminal (automation/render)", () => {
    describe("wrapText", () => {
        it("breaks at spaces to the width, each line indented", () => {
            assert.deepEqual(wrapText(`${"a".repeat(50)} ${"b".repeat(20)}`, 60, "  "), [
                `  ${"a".repeat(50)}`,
                `  ${"b".repeat(20)}`,
            ]);
        });

        it("keeps a word longer than a line whole rather than splitting a number or a path", () => {
            const word = "x".repeat(90);
            assert.deepEqual(wrapText(`short ${word}`, 60), ["short", word]);
        });
    });

    for (const stack of STACKS) {
        describe(`the ${stack} stack's offline plan`, () => {
            let report: Report;
            before(async () => {
                report = (await runOfflinePlan({ cwd: REPO_ROOT, stack })).report;
            });

            for (const width of [DEFAULT_WIDTH, 120]) {
                it(`fits ${width} columns, the resource tree and the cost table included`, () => {
                    assert.ok(columns(renderTerminal(report, makeStyle(true), { width })) <= width);
                });
            }

            it("puts the cost notes under their rows when the table with notes is too wide, splitting no amount", () => {
                const cost = report.cost!;
                const lines = costLines(cost, makeStyle(false), 80);
                assert.ok(columns(lines.join("\n")) <= 80, lines.join("\n"));
                // Every amount of every line is still whole on its row.
                for (const line of cost.lines) {
                    const row = lines.find((l) => l.trimStart().startsWith(line.item));
                    assert.ok(row, line.item);
                    assert.match(row, /\$[\d,]+\.\d\d\s+\$[\d,]+\.\d\d\s+\$[\d,]+\.\d\d$/);
                }
                // And each note follows its row.
                const noted = cost.lines.find((l) => l.note)!;
                const at = lines.findIndex((l) => l.trimStart().startsWith(noted.item));
                assert.ok(lines[at + 1]?.includes(noted.note!.split(" ")[0]!));
            });

            it("keeps one table with the notes where it fits", () => {
                const lines = costLines(report.cost!, makeStyle(false), 300);
                assert.match(lines[0]!, /item\s+floor\s+expected\s+ceiling\s+note$/);
            });
        });
    }
});

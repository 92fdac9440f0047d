/** `rayops cost burst` output: the verdict first, the model drawn per worker group, assumptions once. */
import assert from "node:assert/strict";
import { type BurstResult, modelBurst } from "../../../automation/cost/burst";
import { fmt } from "../../../automation/cost/burst-assumptions";
import { AUTOSCALED_GLYPH, mermaidChartLines, STATIC_ONLY_GLYPH } from "../../../automation/cost/burst-chart";
import { patternProfile } from "../../../automation/cost/burst-profile";
import type { BurstShape, ScaleTiming } from "../../../automation/cost/burst-shapes";
import { burstMarkdown, burstTerminal } from "../../../automation/cost/render";
import { makeStyle } from "../../../automation/render/style";

/** One worker pod per node, $1 per node-hour, up to ten nodes. */
const SHAPE: BurstShape = {
    group: "cpu",
    pool: "cpu",
    instanceType: "m6i.2xlarge",
    worker: { cpu: 7, memoryGiB: 26, gpus: 0 },
    podsPerNode: 1,
    minNodes: 0,
    maxNodes: 10,
    maxWorkers: 10,
    instanceHourly: 1,
    volumeGiB: 0,
    gp3GbMonth: 0.08,
    region: "us-east-1",
    priceSource: "test prices of 2026-11-25",
};
const GPU: BurstShape = { ...SHAPE, group: "gpu", pool: "gpu", instanceType: "g5.xlarge", instanceHourly: 2 };

const TIMING: ScaleTiming = {
    autoscaler: "cluster-autoscaler",
    scaleUpMinutes: 3,
    workerIdleMinutes: 2,
    emptyNodeMinutes: 5,
    delayAfterAddMinutes: 10,
};

/** The default pattern in 30-minute phases: autoscaling saves. */
const saving = (shape = SHAPE) => modelBurst(patternProfile(), shape, TIMING);
/** Demand that never drops below the peak: autoscaling only adds the scale-up and scale-down tails. */
const losing = (shape = GPU) => modelBurst(patternProfile([2, 2, 2], 30), shape, TIMING);

const terminal = (results: BurstResult[], width?: number) =>
    burstTerminal({ stack: "dev", results, sensitivity: [] }, makeStyle(false), width);
const markdown = (results: BurstResult[]) => burstMarkdown({ stack: "dev", results, sensitivity: [] });
const lines = (text: string) => text.trimEnd().split("\n");
/** The terminal text with wrapped list items joined again (their continuations are indented by four). */
const unwrapItems = (text: string) => text.replace(/\n {4}/g, " ");

describe("cost burst output", () => {
    describe("the verdict", () => {
        it("opens the terminal output with the total saving across worker groups, in money and percent", () => {
            // GIVEN two groups that both save
            const results = [saving(), saving(GPU)];
            // WHEN printed
            const [title, verdict] = lines(terminal(results));
            // THEN the line after the title is the total: static minus autoscaled over both groups
            const saved = results.reduce((a, r) => a + r.saving.cost!, 0);
            const of = results.reduce((a, r) => a + r.static.cost!, 0);
            assert.match(title!, /^rayops cost burst — stack dev/);
            assert.ok(
                verdict!.startsWith(
                    `autoscaling saves $${saved.toFixed(2)} (${fmt((100 * saved) / of, 1)}%) per burst across worker groups cpu, gpu`,
                ),
                verdict,
            );
        });

        it("opens the Markdown with the total saving, in bold, before any group's section", () => {
            const md = markdown([saving(), saving(GPU)]);
            const verdict = md.indexOf("**Autoscaling saves $");
            assert.ok(verdict > 0 && verdict < md.indexOf("#### Worker group"), md);
        });

        it("flags a negative total saving as a warning line, not a negative percentage", () => {
            // GIVEN a group whose nodes never scale down
            const r = losing();
            assert.ok(r.saving.cost! < 0);
            // WHEN printed for the terminal
            const text = lines(terminal([r]));
            // THEN the verdict, right under the title, says it costs more, with the amount unsigned
            assert.match(
                text[1]!,
                /^! autoscaling costs \$\d+\.\d\d \(\d+(\.\d)?%\) more per burst than static /,
            );
            assert.doesNotMatch(text[1]!, /−|-\d/);
            // AND why, before anything else
            const why = text.findIndex((l) => l.startsWith("! why: every phase needs the peak's 2 node(s)"));
            assert.ok(why > 1 && why < text.indexOf(""), text.join("\n"));
        });

        it("flags a negative total saving in Markdown as a GitHub warning alert that opens the comment", () => {
            const md = lines(markdown([losing()]));
            assert.deepEqual(md.slice(0, 3), ["### rayops cost burst — `dev`", "", "> [!WARNING]"]);
            assert.match(md[3]!, /^> \*\*Autoscaling costs \$[\d.]+ \([\d.]+%\) more per burst than static/);
        });

        it("names every group that loses under a total that still saves", () => {
            // GIVEN one group that saves much and one that loses a little
            const results = [saving(), losing()];
            const text = lines(terminal(results));
            // THEN the total saves, and the line under it warns about the losing group
            assert.match(text[1]!, /^autoscaling saves /);
            const warning = text.findIndex((l) => l.startsWith("! gpu: autoscaling costs"));
            assert.ok(warning > 1 && warning < text.indexOf(""), text.join("\n"));
            assert.match(
                markdown(results),
                /> \[!WARNING\]\n> For `gpu` autoscaling costs \$[\d.]+ \([\d.]+%\) more/,
            );
        });

        it("marks a losing group in the groups' table", () => {
            const text = terminal([saving(), losing()]);
            assert.match(text, /^ {2}gpu .* −\$[\d.]+ \(−[\d.]+%\) ! costs more$/m);
            assert.match(markdown([saving(), losing()]), /\| \*\*−\$[\d.]+ \(−[\d.]+%\), costs more\*\* \|/);
        });
    });

    describe("assumptions", () => {
        it("prints the assumptions every group shares once and each group's own under it", () => {
            // GIVEN two groups on the same profile, prices and autoscaler timing
            const text = unwrapItems(terminal([saving(), saving(GPU)]));
            const count = (re: RegExp) => text.match(new RegExp(re, "gm"))?.length ?? 0;
            // THEN the shared ones appear once
            for (const shared of [
                /- profile: /,
                /- prices: test prices/,
                /- scale-up: 3 min/,
                /- scale-down: /,
                /- window: /,
            ]) {
                assert.equal(count(shared), 1, String(shared));
            }
            assert.match(
                text,
                /\nassumptions, every worker group:\n {2}- profile: .*6 phases of 30 min, period 180 min/,
            );
            // AND what differs, once per group
            assert.equal(count(/- worker group \w+: 7 CPU/), 2);
            assert.match(text, /assumptions for gpu:\n {2}- worker group gpu:/);
        });

        it("prints the shared assumptions once in Markdown, too", () => {
            const md = markdown([saving(), saving(GPU)]);
            assert.equal(md.match(/- scale-up: 3 min/g)?.length, 1);
            assert.equal(md.match(/<summary>Assumptions, every worker group<\/summary>/g)?.length, 1);
            assert.equal(md.match(/<summary>Assumptions for <code>\w+<\/code><\/summary>/g)?.length, 2);
        });
    });

    describe("the terminal chart", () => {
        it("draws one bar per phase, each as long as the static peak, filled as far as autoscaling holds", () => {
            // GIVEN the default pattern on ten one-pod nodes: 2, 5, 10, 8, 4, 2 nodes
            const r = saving();
            const bars = lines(terminal([r]))
                .map((l) => l.match(new RegExp(`[${AUTOSCALED_GLYPH}${STATIC_ONLY_GLYPH}]{2,}`))?.[0])
                .filter((b): b is string => b !== undefined);
            // THEN a bar per phase, all of the peak's length, with the autoscaled part in proportion
            assert.equal(bars.length, r.phases.length);
            const full = bars[0]!.length;
            assert.ok(bars.every((b) => b.length === full));
            const perNode = full / r.peakNodes;
            assert.deepEqual(
                bars.map((b) => b.split(AUTOSCALED_GLYPH).length - 1),
                r.phases.map((p) => p.nodes * perNode),
            );
        });

        it("adds what each strategy bills per phase and a total row that matches the verdict", () => {
            const text = terminal([saving()]);
            assert.match(text, /^ {2}peak +30 +10 +10 +10 +█+ +\$5\.00 +\$5\.00$/m);
            assert.match(
                text,
                new RegExp(`^ {2}total +180 +\\$${saving().autoscaled.cost!.toFixed(2)} +\\$30\\.00$`, "m"),
            );
        });

        for (const width of [100, 80]) {
            it(`fits every line into ${width} columns`, () => {
                const text = terminal([saving(), losing()], width);
                const widest = Math.max(...lines(text).map((l) => [...l].length));
                assert.ok(widest <= width, `${widest} columns`);
            });
        }

        it("fits 100 columns when no width is given (a pipe or a CI log)", () => {
            const widest = Math.max(...lines(terminal([saving(), losing()])).map((l) => [...l].length));
            assert.ok(widest <= 100, `${widest} columns`);
        });

        it("keeps the bars apart without colour: the two kinds of node are different glyphs", () => {
            assert.notEqual(AUTOSCALED_GLYPH, STATIC_ONLY_GLYPH);
            assert.doesNotMatch(terminal([saving()]), new RegExp(String.fromCharCode(27)));
        });
    });

    describe("the Mermaid chart", () => {
        /** The parts of an xychart-beta block, or an error naming the first malformed line. */
        function parseXyChart(block: readonly string[]) {
            assert.equal(block[0], "```mermaid");
            assert.equal(block[block.length - 1], "```");
            const body = block.slice(1, -1).map((l) => l.trim());
            assert.equal(body[0], "xychart-beta");
            const quoted = /"[^"\n]*"/.source;
            const numbers = /\[(-?\d+(?:\.\d+)?(?:, -?\d+(?:\.\d+)?)*)\]/.source;
            const series: Array<{ kind: string; values: number[] }> = [];
            let categories: string[] = [];
            for (const line of body.slice(1)) {
                const x = new RegExp(`^x-axis (?:${quoted} )?\\[((?:${quoted}(?:, )?)+)\\]$`).exec(line);
                const s = new RegExp(`^(bar|line) (?:${quoted} )?${numbers}$`).exec(line);
                if (x) categories = [...x[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
                else if (s) series.push({ kind: s[1]!, values: s[2]!.split(", ").map(Number) });
                else
                    assert.match(
                        line,
                        new RegExp(
                            `^(title ${quoted}|y-axis ${quoted} -?\\d+(\\.\\d+)? --> -?\\d+(\\.\\d+)?)$`,
                        ),
                    );
            }
            return { categories, series };
        }

        it("is an xychart-beta with the phases on the x-axis, autoscaled bars and a static line at the peak", () => {
            const r = saving();
            const { categories, series } = parseXyChart(mermaidChartLines(r));
            assert.deepEqual(
                categories,
                r.phases.map((p) => p.name),
            );
            assert.deepEqual(
                series.map((s) => s.kind),
                ["bar", "line"],
            );
            assert.deepEqual(
                series[0]!.values,
                r.phases.map((p) => p.nodes),
            );
            assert.deepEqual(
                series[1]!.values,
                r.phases.map(() => r.peakNodes),
            );
        });

        it("stays well-formed for phase names with quotes, as a metrics file may hold", () => {
            const profile = {
                ...patternProfile([1, 2]),
                phases: [{ name: 'say "hi"', minutes: 5, demand: 1 }],
            };
            const { categories } = parseXyChart(mermaidChartLines(modelBurst(profile, SHAPE, TIMING)));
            assert.deepEqual(categories, ["say 'hi'"]);
        });

        it("puts one chart in each group's section of the Markdown", () => {
            const md = markdown([saving(), losing()]);
            assert.equal(md.match(/^```mermaid\nxychart-beta$/gm)?.length, 2);
            assert.ok(md.indexOf("```mermaid") > md.indexOf("#### Worker group `cpu`"));
        });
    });
});

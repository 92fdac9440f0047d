/**
 * Writes test/fixtures/upstream/helm/<chart>-<version>.json: the Helm values keys a chart defines at
 * the tag rayops pins, read from the chart's own sources, so test/upstream/helm-values.spec.ts can
 * refuse a key the chart would silently ignore. A bump of a pin means running this for the new tag.
 *
 *   node --require tsx/cjs scripts/helm-values-fixtures.ts <chart>-<version> <git-dir> --read YYYY-MM-DD
 *   node --require tsx/cjs scripts/helm-values-fixtures.ts cluster-autoscaler-flags <git-dir> \
 *       --version 1.35.0 --read YYYY-MM-DD    (the flags `extraArgs` may name, at that image)
 *
 * <git-dir> is a clone (bare or not) of the chart's repository that holds the tag.
 *
 * What it writes:
 * - `keys`: every key path of values.yaml, dotted (a list is a leaf: its items are not walked);
 * - `templateKeys`: paths the templates read (`.Values.a.b`, `hasKey .Values.a "b"`,
 *   `index .Values "a"`) that values.yaml leaves out or only mentions in a comment;
 * - `commentedKeys`: keys documented only in a values.yaml comment and read by the templates
 *   through a variable, which no scan sees; listed by hand below with the template that reads them;
 * - `freeForm`: paths under which any key is passed through: a `{}` or `[]` default, a path the
 *   templates hand to `toYaml` or range over as a map, and the hand-listed ones below.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

interface ChartSource {
    readonly repository: string;
    readonly tag: string;
    /** Folder of the chart inside the repository. */
    readonly path: string;
    readonly chart: string;
    readonly version: string;
    /** Why Chart.yaml at the tag may name another version (the release job rewrites it). */
    readonly versionSetAtRelease?: string;
    readonly commentedKeys?: readonly { readonly path: string; readonly readBy: string }[];
    readonly freeForm?: readonly { readonly path: string; readonly why: string }[];
}

/** Keyed by the fixture's name, `<chart>-<version>`. */
const CHARTS: Readonly<Record<string, ChartSource>> = {
    "cluster-autoscaler-9.50.1": {
        repository: "kubernetes/autoscaler",
        tag: "cluster-autoscaler-chart-9.50.1",
        path: "charts/cluster-autoscaler",
        chart: "cluster-autoscaler",
        version: "9.50.1",
    },
    // The first chart for image 1.35 is 9.54.0; the chart moved under cluster-autoscaler/ at 9.52.0.
    "cluster-autoscaler-9.59.0": {
        repository: "kubernetes/autoscaler",
        tag: "cluster-autoscaler-chart-9.59.0",
        path: "cluster-autoscaler/charts/cluster-autoscaler",
        chart: "cluster-autoscaler",
        version: "9.59.0",
    },
    "nvidia-device-plugin-0.17.4": {
        repository: "NVIDIA/k8s-device-plugin",
        tag: "v0.17.4",
        path: "deployments/helm/nvidia-device-plugin",
        chart: "nvidia-device-plugin",
        version: "0.17.4",
        freeForm: [{ path: "nfd", why: "values of the node-feature-discovery subchart" }],
    },
    "nvidia-device-plugin-0.20.0": {
        repository: "NVIDIA/k8s-device-plugin",
        tag: "v0.20.0",
        path: "deployments/helm/nvidia-device-plugin",
        chart: "nvidia-device-plugin",
        version: "0.20.0",
        freeForm: [{ path: "nfd", why: "values of the node-feature-discovery subchart" }],
    },
    "metrics-server-3.13.0": {
        repository: "kubernetes-sigs/metrics-server",
        tag: "metrics-server-helm-chart-3.13.0",
        path: "charts/metrics-server",
        chart: "metrics-server",
        version: "3.13.0",
    },
    "kuberay-operator-1.7.0": {
        repository: "ray-project/kuberay",
        tag: "v1.7.0",
        path: "helm-chart/kuberay-operator",
        chart: "kuberay-operator",
        version: "1.7.0",
    },
    "gha-runner-scale-set-controller-0.14.2": {
        repository: "actions/actions-runner-controller",
        tag: "gha-runner-scale-set-0.14.2",
        path: "charts/gha-runner-scale-set-controller",
        chart: "gha-runner-scale-set-controller",
        version: "0.14.2",
    },
    "gha-runner-scale-set-0.14.2": {
        repository: "actions/actions-runner-controller",
        tag: "gha-runner-scale-set-0.14.2",
        path: "charts/gha-runner-scale-set",
        chart: "gha-runner-scale-set",
        version: "0.14.2",
        commentedKeys: [
            {
                path: "containerMode.type",
                readBy: "templates/autoscalingrunnerset.yaml ($containerMode.type)",
            },
        ],
    },
    "karpenter-1.12.1": {
        repository: "aws/karpenter-provider-aws",
        tag: "v1.12.1",
        path: "charts/karpenter",
        chart: "karpenter",
        version: "1.12.1",
        versionSetAtRelease:
            "hack/release/common.sh sets version and appVersion in Chart.yaml as it packages the chart; the tag keeps the previous ones",
    },
};

const FIXTURES = path.join(__dirname, "..", "test", "fixtures", "upstream", "helm");

/** Writes a fixture as the repository's formatter would, so `biome check` passes on it as written. */
function writeFixture(file: string, data: unknown): void {
    writeFileSync(file, `${JSON.stringify(data, null, 4)}\n`);
    execFileSync("npx", ["biome", "format", "--write", file], {
        cwd: path.join(__dirname, ".."),
        stdio: "ignore",
    });
}

function git(gitDir: string, ...args: string[]): string {
    return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
}

function isMap(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every key path of a values document; `{}` and `[]` defaults are reported as free-form. */
function walkValues(doc: unknown, prefix: string, keys: string[], freeForm: Set<string>): void {
    if (!isMap(doc)) return;
    for (const [k, v] of Object.entries(doc)) {
        const p = prefix ? `${prefix}.${k}` : k;
        keys.push(p);
        if (isMap(v) && Object.keys(v).length === 0) freeForm.add(p);
        else if (Array.isArray(v) && v.length === 0) freeForm.add(p);
        else walkValues(v, p, keys, freeForm);
    }
}

const VALUES_REF = /\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;
const HAS_KEY = /hasKey\s+\$?\.Values((?:\.[A-Za-z_]\w*)*)\s+"([^"]+)"/g;
const INDEX = /index\s+\$?\.Values((?:\.[A-Za-z_]\w*)*)((?:\s+"[^"]+")+)/g;
const TO_YAML = [
    /toYaml\s+\(?\$?\.Values((?:\.[A-Za-z_]\w*)+)/g,
    /\$?\.Values((?:\.[A-Za-z_]\w*)+)\s*\|\s*toYaml/g,
    /range\s+\$\w+\s*,\s*\$\w+\s*:=\s*\$?\.Values((?:\.[A-Za-z_]\w*)+)/g,
];
const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

/** `.Values` paths a template reads, and those it passes through whole. */
function scanTemplate(text: string, read: Set<string>, freeForm: Set<string>): void {
    const add = (p: string) => {
        const parts = p.split(".").filter(Boolean);
        for (let i = 1; i <= parts.length; i++) read.add(parts.slice(0, i).join("."));
    };
    for (const m of text.matchAll(VALUES_REF)) add(m[1]);
    for (const m of text.matchAll(HAS_KEY)) add(`${m[1]}.${m[2]}`);
    for (const m of text.matchAll(INDEX)) {
        const names = [...m[2].matchAll(/"([^"]+)"/g)].map((n) => n[1]);
        add([m[1], ...names].join("."));
    }
    for (const re of TO_YAML) for (const m of text.matchAll(re)) freeForm.add(m[1].slice(1));
    // `{{ with .Values.x }} ... {{ toYaml . }}` before any nested block: x is passed through whole.
    const actions = [...text.matchAll(ACTION)].map((m) => m[1]);
    actions.forEach((a, i) => {
        const w = /^with\s+\$?\.Values((?:\.[A-Za-z_]\w*)+)\s*$/.exec(a);
        if (!w) return;
        for (const next of actions.slice(i + 1)) {
            if (/^(end|with|range|if|else|define)\b/.test(next)) return;
            if (/toYaml\s+\.(\s|\||$)|\.\s*\|\s*toYaml/.test(next)) {
                freeForm.add(w[1].slice(1));
                return;
            }
        }
    });
}

/**
 * The cluster-autoscaler's command-line flags at an image tag, for the chart's `extraArgs`: the
 * FAQ's parameter table and the flags `config/flags/flags.go` registers (newer flags reach the
 * code before the table), with the expander names `expander/expander.go` accepts.
 */
function clusterAutoscalerFlags(gitDir: string, version: string, readAt: string): void {
    const tag = `cluster-autoscaler-${version}`;
    const show = (file: string) => git(gitDir, "show", `${tag}:cluster-autoscaler/${file}`);
    const faq = show("FAQ.md");
    const table = faq.slice(faq.indexOf("### What are the parameters to CA?"));
    const fromFaq = [...table.slice(0, table.indexOf("\n### ", 10)).matchAll(/^\| `([a-z0-9-]+)`/gm)].map(
        (m) => m[1],
    );
    const fromGo = [
        ...show("config/flags/flags.go").matchAll(
            /(?:flag\.\w+\((?:&[\w.]+,\s*)?|multiStringFlag\()"([a-z0-9-]+)"/g,
        ),
    ].map((m) => m[1]);
    const expanderGo = show("expander/expander.go");
    const names = Object.fromEntries(
        [...expanderGo.matchAll(/(\w+ExpanderName)\s*=\s*"([a-z-]+)"/g)].map((m) => [m[1], m[2]]),
    );
    const available = /AvailableExpanders = \[\]string\{([^}]*)\}/.exec(expanderGo)?.[1] ?? "";
    const fixture = {
        repository: "kubernetes/autoscaler",
        tag,
        commit: git(gitDir, "rev-parse", `${tag}^{commit}`).trim(),
        paths: [
            "cluster-autoscaler/FAQ.md",
            "cluster-autoscaler/config/flags/flags.go",
            "cluster-autoscaler/expander/expander.go",
        ],
        image: `registry.k8s.io/autoscaling/cluster-autoscaler:v${version}`,
        read: readAt,
        generatedBy: "scripts/helm-values-fixtures.ts",
        flags: [...new Set([...fromFaq, ...fromGo])].sort(),
        expanders: available.split(",").map((n) => names[n.trim()]),
    };
    const out = path.join(FIXTURES, `cluster-autoscaler-flags-${version}.json`);
    writeFixture(out, fixture);
    console.log(`${out}: ${fixture.flags.length} flags, expanders ${fixture.expanders.join(", ")}`);
}

function main(argv: readonly string[]): void {
    const [name, gitDir] = argv;
    const readAt = argv[argv.indexOf("--read") + 1];
    if (name === "cluster-autoscaler-flags") {
        const version = argv[argv.indexOf("--version") + 1];
        if (!/^1\.\d+\.\d+$/.test(version ?? "") || !/^\d{4}-\d{2}-\d{2}$/.test(readAt ?? "")) {
            throw new Error(
                "usage: helm-values-fixtures.ts cluster-autoscaler-flags <git-dir> --version 1.35.0 --read YYYY-MM-DD",
            );
        }
        clusterAutoscalerFlags(gitDir, version, readAt);
        return;
    }
    const source = CHARTS[name];
    if (!source || !gitDir || !/^\d{4}-\d{2}-\d{2}$/.test(readAt ?? "")) {
        throw new Error(
            `usage: helm-values-fixtures.ts <chart>-<version> <git-dir> --read YYYY-MM-DD; known: ${Object.keys(CHARTS).join(", ")} (add a tag to CHARTS for another)`,
        );
    }
    const { tag } = source;
    const commit = git(gitDir, "rev-parse", `${tag}^{commit}`).trim();
    const chartYaml = parse(git(gitDir, "show", `${tag}:${source.path}/Chart.yaml`)) as Record<
        string,
        unknown
    >;
    if (String(chartYaml.version) !== source.version && !source.versionSetAtRelease) {
        throw new Error(
            `${tag}:${source.path}/Chart.yaml is version ${chartYaml.version}, not ${source.version}`,
        );
    }

    const keys: string[] = [];
    const freeForm = new Set<string>();
    walkValues(parse(git(gitDir, "show", `${tag}:${source.path}/values.yaml`)), "", keys, freeForm);

    const read = new Set<string>();
    const templates = git(gitDir, "ls-tree", "-r", "--name-only", tag, `${source.path}/templates`)
        .split("\n")
        .filter(Boolean);
    for (const file of templates) scanTemplate(git(gitDir, "show", `${tag}:${file}`), read, freeForm);
    for (const f of source.freeForm ?? []) freeForm.add(f.path);

    const known = new Set(keys);
    const fixture = {
        repository: source.repository,
        tag,
        commit,
        path: source.path,
        chart: source.chart,
        version: source.version,
        appVersion: source.versionSetAtRelease ? source.version : String(chartYaml.appVersion ?? ""),
        ...(source.versionSetAtRelease ? { versionSetAtRelease: source.versionSetAtRelease } : {}),
        read: readAt,
        generatedBy: "scripts/helm-values-fixtures.ts",
        keys,
        templateKeys: [...read].filter((k) => !known.has(k)).sort(),
        commentedKeys: source.commentedKeys ?? [],
        freeForm: [...freeForm].sort(),
        freeFormByHand: source.freeForm ?? [],
    };
    const out = path.join(FIXTURES, `${source.chart}-${source.version}.json`);
    writeFixture(out, fixture);
    console.log(
        `${out}: ${keys.length} keys, ${fixture.templateKeys.length} template-only, ${fixture.freeForm.length} free-form`,
    );
}

main(process.argv.slice(2));

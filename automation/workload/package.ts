/**
 * Packages `workloads/` as a Ray working directory. Ray stores an uploaded package in its GCS
 * under the URI `gcs://_ray_pkg_<hash>.zip` and unzips it as the job's working directory, files at
 * the archive's root (ray/_private/runtime_env/packaging.py, Ray 2.60.0, read 2026-11-25). The
 * name is content-addressed here too: the SHA-1 of the archive, so an unchanged tree is uploaded
 * once and a changed one can never be confused with an old one.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { buildZip } from "./zip";

/** What the cluster never needs: tests and their configuration, caches, hidden files. */
const EXCLUDED_DIRS = new Set(["tests", "__pycache__", "node_modules"]);
const EXCLUDED_FILES = new Set(["conftest.py", "pytest.ini"]);
const EXCLUDED_SUFFIXES = [".pyc", ".pyo"];

/**
 * Ray refuses a package at or above its gRPC message limit, 512 MiB by default
 * (GRPC_CPP_MAX_MESSAGE_SIZE via GCS_STORAGE_MAX_SIZE, Ray 2.60.0, read 2026-11-25).
 */
export const RAY_PACKAGE_MAX_BYTES = 512 * 1024 * 1024;

export interface WorkingDirPackage {
    /** `_ray_pkg_<sha1>.zip`, the name under the `gcs` protocol. */
    readonly name: string;
    /** `gcs://<name>`, what `runtime_env.working_dir` takes. */
    readonly uri: string;
    readonly bytes: Buffer;
    /** The archived paths, `/`-separated, in archive order. */
    readonly files: readonly string[];
}

/** Whether a path (relative, `/`-separated) stays out of the package. */
export function isExcluded(relPath: string, isDirectory: boolean): boolean {
    const base = relPath.split("/").pop() ?? relPath;
    if (base.startsWith(".")) return true; // .pytest_cache, .ruff_cache, .venv, editor files
    if (isDirectory) return EXCLUDED_DIRS.has(base);
    return EXCLUDED_FILES.has(base) || EXCLUDED_SUFFIXES.some((s) => base.endsWith(s));
}

/** The regular files under `dir` that belong in the package, sorted by code point for stable bytes. */
export function listPackageFiles(dir: string): string[] {
    const found: string[] = [];
    const walk = (rel: string) => {
        for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            // Symbolic links and special files are left out: a link could pull in files from outside.
            if (entry.isDirectory()) {
                if (!isExcluded(child, true)) walk(child);
            } else if (entry.isFile() && !isExcluded(child, false)) {
                found.push(child);
            }
        }
    };
    walk("");
    return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function packageWorkingDir(dir: string): WorkingDirPackage {
    const files = listPackageFiles(dir);
    if (files.length === 0) throw new Error(`${dir}: no files to package`);
    const bytes = buildZip(
        files.map((name) => ({ name, data: readFileSync(path.join(dir, ...name.split("/"))) })),
    );
    if (bytes.length >= RAY_PACKAGE_MAX_BYTES) {
        throw new Error(
            `${dir}: the package is ${(bytes.length / 2 ** 20).toFixed(0)} MiB; Ray accepts less than 512 MiB`,
        );
    }
    const name = `_ray_pkg_${createHash("sha1").update(bytes).digest("hex")}.zip`;
    return { name, uri: `gcs://${name}`, bytes, files };
}

/**
 * The repository's `workloads/` folder: the nearest one above this module holding the workload's
 * script (this file runs from automation/workload/ through tsx, or from dist/automation/workload/).
 */
export function defaultWorkloadsDir(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, "workloads");
        if (existsSync(path.join(candidate, "bursty_training.py"))) return candidate;
        if (path.dirname(dir) === dir) {
            throw new Error(`no workloads/bursty_training.py in ${from} or any folder above it`);
        }
    }
}

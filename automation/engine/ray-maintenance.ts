/**
 * The one change `rayops up` will not make unasked: touching the long-lived RayCluster.
 *
 * In KubeRay's CRD (v1.7.0) `spec.workerGroupSpecs` is a list without `x-kubernetes-list-type`,
 * which server-side apply treats as atomic: whoever last wrote any part of it owns all of it. The
 * Ray autoscaler writes `replicas` there, so a later apply by Pulumi that carries a different list
 * either conflicts with the autoscaler or, forced, resets the workers in the middle of a job.
 * rayops therefore never updates a RayCluster in place: any change replaces it
 * (components/ray/ray-cluster.ts), which ends every running Ray job, and `up` applies such a plan
 * only with `--ray-maintenance` (docs/ray-maintenance.md). Pure, tested on its own.
 */
import type { Report, ReportResource } from "../render/report";

export const RAY_CLUSTER_TYPE = "kubernetes:ray.io/v1:RayCluster";

/** The RayClusters a plan would update, replace or delete (creating one disrupts nothing). */
export function rayClusterDisruptions(report: Pick<Report, "resources">): ReportResource[] {
    return report.resources.filter(
        (r) => r.type === RAY_CLUSTER_TYPE && ["update", "replace", "delete"].includes(r.change),
    );
}

/** Why `up` stops, naming each cluster and the way on. */
export function maintenanceRefusal(stack: string, clusters: readonly ReportResource[]): string {
    const names = clusters.map((c) => `${c.name} (${c.change})`).join(", ");
    return (
        `the preview of stack ${stack} changes the RayCluster ${names}: rayops replaces a RayCluster ` +
        "rather than fight the Ray autoscaler over its worker groups, so its head restarts and every " +
        "running Ray job ends. Nothing was applied. When no job is running, apply it with " +
        "`rayops up --ray-maintenance` (docs/ray-maintenance.md)"
    );
}

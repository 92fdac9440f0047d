/**
 * Pure Helm values of the `kuberay-operator` chart. test/upstream/helm-values.spec.ts checks every
 * key against the chart at the pinned tag (test/fixtures/upstream/helm/kuberay-operator-*.json).
 */
import { SYSTEM_PLACEMENT } from "../addons/values";

export const KUBERAY_CHART = "kuberay-operator";
export const KUBERAY_CHART_REPO = "https://ray-project.github.io/kuberay-helm/";
/** @default namespace of the operator */
export const KUBERAY_NAMESPACE = "kuberay-system";

export interface KubeRayValuesArgs {
    /** Namespaces whose RayClusters and RayJobs the operator reconciles. */
    readonly watchNamespaces: readonly string[];
    /** Create the chart's ServiceMonitor (needs the Prometheus Operator's CRDs). */
    readonly serviceMonitor: boolean;
}

export function kubeRayOperatorValues(a: KubeRayValuesArgs): Record<string, unknown> {
    if (a.watchNamespaces.length === 0) {
        throw new Error("watchNamespaces = []: allowed one or more namespaces the operator reconciles");
    }
    return {
        ...SYSTEM_PLACEMENT,
        tolerations: [...SYSTEM_PLACEMENT.tolerations],
        // The chart sets a 512Mi limit and no request ("roughly 500MB for 500 Ray pods", its
        // values.yaml): memory request = limit so the operator is never the pod evicted under
        // pressure; CPU may burst above its request while many pods are reconciled at once.
        resources: {
            requests: { cpu: "100m", memory: "512Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        },
        // Only the namespaces rayops manages: a RayCluster elsewhere would lack the IRSA service
        // account and the placement rules, so this operator leaves it alone.
        watchNamespace: [...a.watchNamespaces],
        // Its RBAC to match: with singleNamespaceInstall the chart renders no ClusterRole or
        // ClusterRoleBinding, only a Role and RoleBinding in each watched namespace
        // (crNamespacedRbacEnable) plus the leader-election Role in its own namespace. Each watched
        // namespace must exist before the release installs. Template facts:
        // test/fixtures/upstream/helm/kuberay-operator-1.7.0-rbac.json.
        rbacEnable: true,
        singleNamespaceInstall: true,
        crNamespacedRbacEnable: true,
        metrics: {
            enabled: true,
            serviceMonitor: { enabled: a.serviceMonitor },
        },
    };
}

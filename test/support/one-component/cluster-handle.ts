/**
 * A cluster handle for a component built alone. Call it inside the factory `buildAlone` runs: the
 * handle's Kubernetes provider registers there like any resource.
 */
import * as k8s from "@pulumi/kubernetes";
import type { ClusterHandle } from "../../../components/cluster/cluster";

export function specClusterHandle(): ClusterHandle {
    const issuer = "oidc.eks.us-west-2.amazonaws.com/id/SPEC";
    return {
        clusterName: "rayops-spec",
        oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/${issuer}`,
        oidcIssuerUrl: `https://${issuer}`,
        dataKeyArn: "arn:aws:kms:us-west-2:123456789012:key/spec",
        k8sProvider: new k8s.Provider("spec-k8s", { kubeconfig: "{}" }),
    };
}

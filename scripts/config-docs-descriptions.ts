/**
 * The configuration reference's descriptions, by key: zod keeps no JSDoc at run time, so the
 * generator (gen-config-docs.ts) takes a key's description from here when the schema has none.
 * test/docs/configuration.spec.ts fails on a key without one and on an entry for a key gone.
 */

/**
 * Descriptions by dotted path. `*` matches any one segment (the node pools share one shape);
 * `<name>` is the segment of a map entry (worker group names). Cross-field rules are stated here
 * because the schema cannot carry them.
 */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
    region: "AWS region of the stack; set `aws:region` to the same value. The zones are chosen from what the account offers (`network.zoneIds` pins them).",
    environment: "The `environment` tag on every AWS resource.",
    repo: "`owner/name` of the GitHub repository that drives the stack (the `repo` tag).",
    owner: "The `owner` tag. Optional here, but the policy pack's `aws-resource-missing-required-tags` requires it.",
    costCenter:
        "The `cost-center` tag. Optional here, but the policy pack's `aws-resource-missing-required-tags` requires it.",
    commit: "The `commit` tag when `GITHUB_SHA` is not set (it is in the workflows); else `unknown`.",
    protected: "Refuse `rayops destroy` on this stack unless `--allow-prod` is given.",
    "network.cidr":
        "VPC CIDR; the prefix must be /16 to /20 so each zone gets a private and a public subnet.",
    "network.azCount":
        "Availability zones to spread subnets over: the first the account offers that EKS supports and that offer every configured instance type; at most what the region offers.",
    networkStack:
        "The network program's stack whose VPC and CI runners this stack uses, as a StackReference name.",
    "network.instanceTypes":
        "Instance types every chosen zone must offer: the cluster stack's pools (the cluster program checks its own again).",
    "cluster.ciRunnerAccess":
        "Let the network stack's CodeBuild runners reach the API on 443; the deploy workflows run there.",
    "addons.karpenter.createSpotServiceLinkedRole":
        "Create the account's EC2 Spot service-linked role when a pool is SPOT; false where the account has it already.",
    "ciRunner.allowedActorIds":
        "Numeric GitHub account ids whose queued jobs may start a runner; set it when the repository takes pull requests from forks.",
    "ciRunner.enabled": "Create the in-VPC CodeBuild runners that deploy into the private cluster.",
    "ciRunner.computeType": "CodeBuild compute type of each runner.",
    "ciRunner.timeoutMinutes": "Longest a job may run on a runner, minutes; the policy pack bounds it too.",
    "ciRunner.logRetentionDays":
        "Days the runners' CloudWatch logs are kept; one of CloudWatch's retention values.",
    "ciRunner.connectionArn":
        "An approved CodeConnections connection to GitHub; without it one is created, pending approval in the console.",
    "network.zoneIds":
        "Physical zones to use, by zone id (`use1-az4`), exactly `network.azCount` of them; zone letters differ per account, ids do not.",
    "network.natGateways":
        "`single`: one NAT gateway (cheap; losing its zone cuts egress for all). `perAz`: one per zone.",
    "cluster.version":
        'EKS Kubernetes minor version, pinned (quote it in YAML: `"1.35"`); one EKS offers per the dated table in components/cluster/eks-versions.ts: a version past extended support is refused, one in extended support warns and is priced at $0.60/h. Upgrade one minor at a time (docs/runbooks/upgrade-eks.md).',
    "cluster.publicAccessCidrs":
        "CIDRs allowed to reach the public API endpoint. Empty keeps the endpoint private-only; `0.0.0.0/0` is refused by `eks-cluster-disallow-public-endpoint-from-anywhere`.",
    "cluster.adminRoleArn": "IAM role granted cluster admin through an EKS access entry.",
    "nodePools.runners.enabled": "Create the `runners` pool (self-hosted GitHub Actions runners).",
    "nodePools.*.instanceTypes":
        "Instance types the pool may launch, all of one kind: GPU types in `gpu`, CPU-only types elsewhere.",
    "nodePools.*.minSize": "Fewest nodes; 0 lets the pool scale from zero. Must be ≤ `maxSize`.",
    "nodePools.*.maxSize":
        "Most nodes. The sums across pools are capped by the policy pack (`maxCpuNodes`, `maxGpuNodes`, `maxRunnerNodes`).",
    "nodePools.*.desiredSize":
        "Initial size, within [`minSize`, `maxSize`]; defaults to `minSize`. After creation the node autoscaler owns the live value and `up` never resets it.",
    "nodePools.*.diskSizeGiB": "Root volume size in GiB (encrypted gp3).",
    "nodePools.*.capacityType": "On-demand or Spot capacity.",
    "nodePools.*.encryptRootVolume":
        "Opt-out of root volume encryption. `false` is refused by `ec2-launchtemplate-enable-volume-encryption`.",
    "nodePools.*.labels": "Extra node labels; `rayops.io/pool` and the GPU labels are always set.",
    "storage.checkpointRetentionDays": "Days before non-current versions in the artifacts bucket expire.",
    "storage.forceDestroyBucket": "Let `destroy` delete a non-empty artifacts bucket.",
    "addons.nodeAutoscaler": "Which controller adds and removes nodes.",
    "addons.clusterAutoscaler.chartVersion": "Helm chart version of the cluster-autoscaler.",
    "addons.clusterAutoscaler.imageTag":
        "cluster-autoscaler image tag; defaults to `v<cluster.version>.0`. Its minor must equal the cluster's.",
    "addons.clusterAutoscaler.expander": "How the cluster-autoscaler picks a node group to grow.",
    "addons.clusterAutoscaler.scaleDownUnneededTime":
        "How long a node must be unneeded before it is removed. Must lie between `ray.autoscaler.idleTimeoutSeconds` and 4× it (docs/autoscaling-timing.md).",
    "addons.clusterAutoscaler.scaleDownDelayAfterAdd": "No scale-down for this long after a scale-up.",
    "addons.clusterAutoscaler.balanceSimilarNodeGroups":
        "Keep similar node groups (e.g. per zone) the same size.",
    "addons.karpenter.chartVersion":
        "Helm chart version of Karpenter (when `nodeAutoscaler` is `karpenter`).",
    "addons.karpenter.consolidationPolicy":
        "`WhenEmpty` removes a node only once Ray has released it; `WhenEmptyOrUnderutilized` also replaces busy nodes, evicting running Ray workers.",
    "addons.karpenter.consolidateAfter":
        "How long a node stays empty before Karpenter removes it (after Ray's own idle timeout).",
    "addons.nvidiaDevicePlugin.chartVersion":
        "Helm chart version of the NVIDIA device plugin (GPU nodes only).",
    "addons.metricsServer.enabled": "Install metrics-server (on the system pool).",
    "ray.namespace":
        "Namespace of the RayCluster and its `ray` service account (IRSA role for the artifacts bucket).",
    "ray.operatorChartVersion": "Helm chart version of the KubeRay operator.",
    "ray.version": "Ray version of the images; the workload's requirements pin the same.",
    "ray.image": "Image of the head and of workers without GPUs.",
    "ray.gpuImage": "Image of GPU workers.",
    "ray.head.cpu":
        "Head CPU (requests = limits). With the autoscaler sidecar it must fit one node of the cpu pool.",
    "ray.head.memory": "Head memory (requests = limits).",
    "ray.head.storageGiB":
        "Most GiB of the head's node-local logs and state (an emptyDir on the node's root volume; less than the cpu pool's diskSizeGiB).",
    "ray.autoscaler.idleTimeoutSeconds":
        "Seconds a worker must be idle before Ray removes its pod; at least 60 so bursts keep their workers (docs/autoscaling-timing.md).",
    "ray.autoscaler.upscalingMode": "How fast the Ray autoscaler requests workers for pending work.",
    "ray.autoscaler.cpu": "CPU of the autoscaler sidecar in the head pod.",
    "ray.autoscaler.memory":
        "Memory of the autoscaler sidecar (its 512Mi default is known to OOM on large clusters).",
    "ray.workerGroups": "Ray worker groups by name; each scales between its min and max replicas.",
    "ray.workerGroups.<name>.pool": "Node pool that hosts the group's pods: `gpu` exactly when `gpus` > 0.",
    "ray.workerGroups.<name>.minReplicas":
        "Fewest workers; 0 scales the group from zero. Must be ≤ `maxReplicas`.",
    "ray.workerGroups.<name>.maxReplicas":
        "Most workers; at this count the pods must fit in the pool's `maxSize` nodes.",
    "ray.workerGroups.<name>.cpu": "CPU per worker pod (requests = limits); must fit a node of the pool.",
    "ray.workerGroups.<name>.memory":
        "Memory per worker pod (requests = limits); must fit a node of the pool.",
    "ray.workerGroups.<name>.gpus": "NVIDIA GPUs per worker pod.",
    "ray.prometheusOperator": "Create a PodMonitor for the Ray pods (needs the Prometheus Operator's CRDs).",
    "runners.enabled":
        "Deploy self-hosted GitHub Actions runners (Actions Runner Controller); needs `nodePools.runners.enabled` and the three `githubApp*` secrets.",
    "runners.githubConfigUrl":
        "Where runners register: `https://github.com/<org>` or `https://github.com/<org>/<repo>`.",
    "runners.scaleSetName": "The label workflows put in `runs-on:`; defaults to `<project>-<stack>`.",
    "runners.maxRunners": "Most runners at once; at most `nodePools.runners.maxSize`.",
    "runners.controllerChartVersion": "Version of both ARC charts (controller and scale set must match).",
    "runners.cpu": "CPU of each runner pod (requests = limits).",
    "runners.memory": "Memory of each runner pod (requests = limits).",
    "runners.workVolumeGiB": "Encrypted gp3 work volume of each runner, GiB.",
    "runners.prepareJobTimeoutSeconds":
        "How long a job waits for its pod; covers a runners node starting from zero.",
    githubAppId:
        "App ID of the runners' GitHub App (a separate App from rayops'; docs/github-app/permissions.md). Secret config: `pulumi config set --secret`.",
    githubAppInstallationId: "Installation id of the runners' GitHub App. Secret config.",
    githubAppPrivateKey: "Private key (PEM) of the runners' GitHub App. Secret config; never logged.",
};

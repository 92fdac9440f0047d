/**
 * All five control-plane log types: the audit log answers "who did what", the authenticator log
 * "which IAM identity was that", the others explain scheduling and controller failures. The
 * Cluster component enables exactly these, and the pack's policy requires them.
 * https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html (read 2026-11-25)
 */
export const CONTROL_PLANE_LOG_TYPES = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
] as const;

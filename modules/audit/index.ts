export { appendAudit, type AuditAction, type AuditEntry } from './append-audit';
export { verifyAuditChain, type AuditChainReport } from './verify-audit-chain';

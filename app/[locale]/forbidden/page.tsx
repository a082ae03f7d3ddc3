import { forbidden } from 'next/navigation';

// The proxy rewrites here when a role may not enter an area; forbidden() renders
// app/[locale]/forbidden.tsx with HTTP status 403.
export default function ForbiddenPage() {
  forbidden();
}

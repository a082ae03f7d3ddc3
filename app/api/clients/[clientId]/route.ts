// A client's basic data as JSON for staff tools. Checks login, role, unit and purpose itself.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { openClient } from '@/modules/clients/open-client';
import { AppError, HTTP_STATUS } from '@/modules/errors';

export const dynamic = 'force-dynamic';

const query = z.object({ purpose: z.string().trim().min(3).max(500) });

export async function GET(request: Request, { params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  try {
    const actor = await requireArea('staff', `/api/clients/${clientId}`);
    if (!z.uuid().safeParse(clientId).success) throw new AppError('not_found', 'no such client');
    const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success)
      throw new AppError('invalid_input', 'purpose (3–500 characters) is required');
    const { client, members } = await openClient(getDb(), actor, clientId, parsed.data.purpose);
    return NextResponse.json({
      id: client.id,
      identityCode: client.identityCode,
      firstNames: client.firstNames,
      lastName: client.lastName,
      birthDate: client.birthDate,
      household: members.map((m) => ({
        id: m.id,
        name: `${m.firstNames} ${m.lastName}`,
        identityCode: maskIdentityCode(m.identityCode),
        role: m.householdRole,
      })),
    });
  } catch (error) {
    if (error instanceof AppError) {
      return NextResponse.json(
        { error: error.code, message: error.message },
        { status: HTTP_STATUS[error.code] },
      );
    }
    throw error;
  }
}

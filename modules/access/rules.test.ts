import { describe, expect, it } from 'vitest';
import {
  areaOfPath,
  canEnterArea,
  decideClientAccess,
  type Actor,
  type ClientScope,
} from './rules';

const unitA = 'unit-a';
const unitB = 'unit-b';
const client: ClientScope = { id: 'client-1', responsibleUnitId: unitA, householdId: 'hh-1' };

function actor(partial: Partial<Actor>): Actor {
  return { userId: 'u', roles: [], unitIds: [], clientId: null, ...partial };
}

describe('areas', () => {
  it('lets every staff role into the workspace but no citizen', () => {
    for (const role of [
      'caseworker',
      'decision_maker',
      'team_lead',
      'process_manager',
      'archivist',
      'admin',
    ] as const) {
      expect(canEnterArea([role], 'staff'), role).toBe(true);
    }
    expect(canEnterArea(['citizen'], 'staff')).toBe(false);
  });

  it('lets only admins into administration', () => {
    expect(canEnterArea(['admin'], 'admin')).toBe(true);
    expect(canEnterArea(['caseworker', 'team_lead'], 'admin')).toBe(false);
  });

  it('lets only citizens into the citizen pages', () => {
    expect(canEnterArea(['citizen'], 'citizen')).toBe(true);
    expect(canEnterArea(['admin'], 'citizen')).toBe(false);
  });

  it('lets archivists and client-handling staff into the archive, not admins or citizens', () => {
    expect(canEnterArea(['archivist'], 'archive')).toBe(true);
    expect(canEnterArea(['caseworker'], 'archive')).toBe(true);
    expect(canEnterArea(['admin', 'process_manager'], 'archive')).toBe(false);
    expect(canEnterArea(['citizen'], 'archive')).toBe(false);
  });

  it('denies with no roles at all', () => {
    expect(canEnterArea([], 'staff')).toBe(false);
    expect(canEnterArea([], 'citizen')).toBe(false);
  });

  it('maps paths to areas', () => {
    expect(areaOfPath('/staff/clients/1')).toBe('staff');
    expect(areaOfPath('/admin')).toBe('admin');
    expect(areaOfPath('/citizen')).toBe('citizen');
    expect(areaOfPath('/archive')).toBe('archive');
    expect(areaOfPath('/login')).toBeNull();
    expect(areaOfPath('/')).toBeNull();
    expect(areaOfPath('/staffroom')).toBeNull();
  });
});

describe('client data', () => {
  it('allows a caseworker of the responsible unit', () => {
    expect(decideClientAccess(actor({ roles: ['caseworker'], unitIds: [unitA] }), client)).toEqual({
      allowed: true,
      basis: 'unit_membership',
    });
  });

  it('refuses a caseworker of another unit', () => {
    expect(decideClientAccess(actor({ roles: ['caseworker'], unitIds: [unitB] }), client)).toEqual({
      allowed: false,
      reason: 'other_unit',
    });
  });

  it('refuses admins, archivists and process managers even in the unit', () => {
    for (const role of ['admin', 'archivist', 'process_manager'] as const) {
      expect(decideClientAccess(actor({ roles: [role], unitIds: [unitA] }), client), role).toEqual({
        allowed: false,
        reason: 'no_role',
      });
    }
  });

  it('lets a citizen see their own record and their household, nobody else', () => {
    expect(
      decideClientAccess(actor({ roles: ['citizen'], clientId: 'client-1' }), client),
    ).toMatchObject({
      allowed: true,
      basis: 'own_record',
    });
    const spouse: ClientScope = { id: 'client-2', responsibleUnitId: unitA, householdId: 'hh-1' };
    expect(
      decideClientAccess(actor({ roles: ['citizen'], clientId: 'client-1' }), spouse, 'hh-1'),
    ).toMatchObject({
      allowed: true,
      basis: 'household_member',
    });
    const stranger: ClientScope = { id: 'client-3', responsibleUnitId: unitA, householdId: 'hh-2' };
    expect(
      decideClientAccess(actor({ roles: ['citizen'], clientId: 'client-1' }), stranger, 'hh-1'),
    ).toEqual({
      allowed: false,
      reason: 'not_own_record',
    });
  });

  it('refuses a citizen with no linked client record', () => {
    expect(decideClientAccess(actor({ roles: ['citizen'] }), client)).toEqual({
      allowed: false,
      reason: 'not_own_record',
    });
  });
});

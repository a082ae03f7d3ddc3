'use client';

import { useActionState } from 'react';
import type { Role } from '@/modules/access/rules';
import type { Messages } from '@/modules/i18n';
import { saveUserAction, type SaveUserState } from '../actions';

export interface UserFormValues {
  id?: string;
  username: string;
  displayName: string;
  email: string;
  roles: Role[];
  unitIds: string[];
  active: boolean;
}

export function UserForm({
  locale,
  t,
  roleNames,
  units,
  initial,
  assignableRoles,
}: {
  locale: string;
  t: Messages['admin'];
  roleNames: Messages['roles'];
  units: { id: string; name: string }[];
  initial: UserFormValues;
  assignableRoles: Role[];
}) {
  const [state, action, pending] = useActionState<SaveUserState, FormData>(
    saveUserAction.bind(null, locale),
    {},
  );
  const errors = state.errors ?? [];
  return (
    <form className="stack" action={action} noValidate>
      {errors.length > 0 && (
        <div className="alert" role="alert" data-testid="user-errors">
          <ul>
            {errors.map((code) => (
              <li key={code}>{t.errors[code]}</li>
            ))}
          </ul>
        </div>
      )}
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <div>
        <label htmlFor="username">{t.username}</label>
        <input
          id="username"
          name="username"
          defaultValue={initial.username}
          readOnly={Boolean(initial.id)}
          required
          autoComplete="off"
        />
      </div>
      <div>
        <label htmlFor="displayName">{t.name}</label>
        <input id="displayName" name="displayName" defaultValue={initial.displayName} required />
      </div>
      <div>
        <label htmlFor="email">{t.email}</label>
        <input id="email" name="email" type="email" defaultValue={initial.email} />
      </div>
      <div>
        <label htmlFor="password">{initial.id ? t.newPassword : t.password}</label>
        <input id="password" name="password" type="password" autoComplete="new-password" />
      </div>
      <fieldset>
        <legend>{t.roles}</legend>
        {assignableRoles.map((role) => (
          <div key={role}>
            <input
              type="checkbox"
              id={`role-${role}`}
              name="roles"
              value={role}
              defaultChecked={initial.roles.includes(role)}
            />{' '}
            <label htmlFor={`role-${role}`} style={{ display: 'inline' }}>
              {roleNames[role]}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t.units}</legend>
        {units.map((unit) => (
          <div key={unit.id}>
            <input
              type="checkbox"
              id={`unit-${unit.id}`}
              name="unitIds"
              value={unit.id}
              defaultChecked={initial.unitIds.includes(unit.id)}
            />{' '}
            <label htmlFor={`unit-${unit.id}`} style={{ display: 'inline' }}>
              {unit.name}
            </label>
          </div>
        ))}
      </fieldset>
      <div>
        <input type="checkbox" id="active" name="active" defaultChecked={initial.active} />{' '}
        <label htmlFor="active" style={{ display: 'inline' }}>
          {t.activeLabel}
        </label>
      </div>
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {t.save}
        </button>{' '}
        <a href={`/${locale}/admin`}>{t.cancel}</a>
      </div>
    </form>
  );
}

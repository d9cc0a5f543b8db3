/** Settings changes go to the user settings unless the workspace already sets the key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsScopeFor } from '../../../client/src/settingsTarget';

test('user settings by default, even with a workspace open', () => {
  assert.equal(settingsScopeFor(undefined), 'user');
  assert.equal(settingsScopeFor({}), 'user');
  assert.equal(settingsScopeFor({ workspaceValue: undefined }), 'user');
});

test('the workspace only when it already sets the key (else the change would be shadowed)', () => {
  assert.equal(settingsScopeFor({ workspaceValue: [] }), 'workspace');
  assert.equal(settingsScopeFor({ workspaceValue: false }), 'workspace');
  assert.equal(settingsScopeFor({ workspaceFolderValue: 'never' }), 'workspace');
});

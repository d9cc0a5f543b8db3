/**
 * Scripted editing sessions: which fixture is opened, which sites the user asks for, in
 * which order, and what else happens in between (an unrelated edit above, a signature edit).
 * Think times are in "user seconds"; the bench scales them to real time.
 */
export const SESSIONS = [
  {
    file: 'util.ts',
    steps: [
      { ask: 'chunk' }, { ask: 'clamp', editAbove: true }, { ask: 'slugify' }, { ask: 'groupBy' },
      { ask: 'intersect', editAbove: true }, { ask: 'sum' },
    ],
  },
  {
    file: 'service.ts',
    steps: [
      { ask: 'isValidEmail' }, { ask: 'normalizeEmail' }, { ask: 'register', renameParam: ['name', 'displayName'] },
      { ask: 'deactivate', editAbove: true }, { ask: 'search' },
    ],
  },
  {
    file: 'shapes.ts',
    steps: [
      { ask: 'area', nth: 0 }, { ask: 'perimeter', nth: 0 }, { ask: 'bounds', nth: 0, editAbove: true },
      { ask: 'area', nth: 1 }, { ask: 'perimeter', nth: 1 }, { ask: 'bounds', nth: 1 }, { ask: 'union' },
    ],
  },
];

export { StateDir, type Log } from './stateDir';
export { isUnsafeStatePath, UnsafeStatePathError } from './paths';

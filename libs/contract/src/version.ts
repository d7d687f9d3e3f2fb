/** The release, sent in the default User-Agent; a unit test keeps it equal to package.json. */
export const HOOKSTREAM_VERSION = '0.1.0';

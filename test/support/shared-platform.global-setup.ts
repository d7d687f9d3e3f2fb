import { startSharedPlatform } from './shared-platform.setup';

export default startSharedPlatform;

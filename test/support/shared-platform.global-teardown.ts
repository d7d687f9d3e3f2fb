import { stopSharedPlatform } from './shared-platform.setup';

export default stopSharedPlatform;

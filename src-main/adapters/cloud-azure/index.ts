/** Azure: inventory through Azure Resource Manager, credentials from @azure/identity's chain. */
export {
  ARM_ENDPOINT_ENV,
  PUBLIC_ARM_ENDPOINT,
  azureAccessFromEnvironment,
  type AzureAccess,
  type AzureConnect,
} from './access';
export { azureInventoryHosts, azureLabels } from './inventory';
export { describeAzureFailure } from './describe-failure';
export { matchesTags, type TagFilter } from './tags';
export { probeAzureSubscription, type AzureProbe } from './probe';

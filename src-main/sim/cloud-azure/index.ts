/** The simulated Azure: Entra ID tokens and Resource Manager over HTTPS, on 127.0.0.1. */
export { startSimAzure, ARM_ENDPOINT_ENV, type SimAzure, type SimAzureOptions } from './server';
export type { SimAzureFault } from './arm-routes';
export {
  simulatedSubscription,
  FAULT_DOMAINS,
  UPDATE_DOMAINS,
  type SimAzureSubscription,
  type SimAzureVm,
  type SubscriptionSpec,
} from './subscription';

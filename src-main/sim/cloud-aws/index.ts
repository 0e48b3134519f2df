/** The simulated AWS: EC2 DescribeInstances behind a SigV4 verifier, on 127.0.0.1. */
export { startSimAws, SIM_AWS_CREDENTIALS, SIM_AWS_EXPIRED_CREDENTIALS } from './server';
export type { SimAws, SimAwsFault, SimAwsCredentials, SimAwsOptions } from './server';
export { simAccountInstances, loopbackAddress, SIM_REGIONS } from './account';
export type { SimInstance, SimAccountOptions } from './account';
export { matchesFilters, invalidFilter, SUPPORTED_FILTERS } from './ec2-filters';
export type { Ec2Filter } from './ec2-filters';
export {
  startRehearsalAccount,
  rehearsalAccountInstances,
  REHEARSAL_INSTANCES_PER_REGION,
} from './rehearsal-account';
export { SimSsm } from './ssm-service';
export type { SimSsmAgent } from './ssm-service';
export type { SimCommandRecord } from './ssm-rate-control';
export { MetricRecorder, SIM_METRICS, APP_NAMESPACE } from './cloudwatch-metrics';
export type { CountersOf, InstanceCounters } from './cloudwatch-metrics';
export { SimAlarms, simAlarmDefinitions } from './cloudwatch-alarms';
export type { AlarmDefinition, AlarmState, AlarmStatus } from './cloudwatch-alarms';
export type { SimCloudWatchSide } from './cloudwatch-side';

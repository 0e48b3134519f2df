/** AWS: EC2 instances as an inventory (DescribeInstances through the official SDK). */
export { discoverAwsHosts, ec2Filters } from './ec2-inventory';
export type { AwsAccess, DiscoveredHost, Discovery } from './ec2-inventory';
export { instanceHost, ASG_TAG } from './instance-host';
export { loadAwsInventory } from './plan-entry';
export { createSsmExecutor } from './ssm-executor';
export type { SsmExecutorOptions } from './ssm-executor';
export { probeAwsAccount, type AwsProbe } from './probe';
export { createAlarmReader } from './cloudwatch-alarms';
export type { AlarmReader } from './cloudwatch-alarms';
export { createCloudWatchMetricReader, MAX_QUERIES_PER_CALL } from './cloudwatch-metrics';
export type { CloudWatchMetricReader, InstanceMetricQuery } from './cloudwatch-metrics';

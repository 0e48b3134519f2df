/** The EC2 Query API's XML bodies, in the shapes the SDK's ec2Query protocol parses. */
import type { SimInstance } from './account';
import { stateCodes } from './account';

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const el = (name: string, value: string): string => `<${name}>${xmlEscape(value)}</${name}>`;

function instanceXml(i: SimInstance): string {
  const tags = Object.entries(i.tags)
    .map(([k, v]) => `<item>${el('key', k)}${el('value', v)}</item>`)
    .join('');
  return (
    '<item>' +
    el('instanceId', i.instanceId) +
    el('imageId', i.imageId) +
    `<instanceState><code>${stateCodes[i.state]}</code>${el('name', i.state)}</instanceState>` +
    el('privateDnsName', i.privateDnsName) +
    el('dnsName', i.publicDnsName) +
    el('instanceType', i.instanceType) +
    el('launchTime', i.launchTime) +
    `<placement>${el('availabilityZone', i.availabilityZone)}<groupName></groupName><tenancy>default</tenancy></placement>` +
    `<monitoring><state>disabled</state></monitoring>` +
    el('privateIpAddress', i.privateIpAddress) +
    (i.publicIpAddress !== undefined ? el('ipAddress', i.publicIpAddress) : '') +
    `<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType>` +
    (tags === '' ? '' : `<tagSet>${tags}</tagSet>`) +
    '</item>'
  );
}

/** A DescribeInstances response: one reservation per instance, `nextToken` when more remain. */
export function describeInstancesXml(
  requestId: string,
  ownerId: string,
  instances: readonly SimInstance[],
  nextToken: string | null,
): string {
  const reservations = instances
    .map(
      (i) =>
        `<item>${el('reservationId', `r-${i.instanceId.slice(2)}`)}${el('ownerId', ownerId)}<groupSet/><instancesSet>${instanceXml(i)}</instancesSet></item>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="${EC2_XMLNS}">` +
    el('requestId', requestId) +
    `<reservationSet>${reservations}</reservationSet>` +
    (nextToken === null ? '' : el('nextToken', nextToken)) +
    '</DescribeInstancesResponse>'
  );
}

/** EC2's error body (`Response/Errors/Error`), as every EC2 error comes back. */
export function ec2ErrorXml(requestId: string, code: string, message: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${el('Code', code)}${el('Message', message)}</Error></Errors>` +
    `${el('RequestID', requestId)}</Response>`
  );
}

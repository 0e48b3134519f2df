import { describe, expect, it } from 'vitest';
import { describeAzureFailure } from '../../src-main/adapters/cloud-azure';

describe('the one line for an Azure failure', () => {
  it("collapses the default chain's report into one line without troubleshooting links", () => {
    const e = Object.assign(
      new Error(
        [
          'DefaultAzureCredential failed to retrieve a token from the included credentials.',
          'Attempted credentials:',
          '\tEnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.',
          "\tAzure CLI could not be found. Please install it and run 'az login'.",
          '\x1b[31mManagedIdentityCredential: network_error: See https://aka.ms/msal.js.errors#network_error for details',
          'To troubleshoot, visit https://aka.ms/azsdk/js/identity/defaultazurecredential/troubleshoot.',
        ].join('\n'),
      ),
      { name: 'AggregateAuthenticationError' },
    );
    const line = describeAzureFailure(e, 'DefaultAzureCredential (...)');
    expect(line).toBe(
      "no Azure credential answered (DefaultAzureCredential (...)): DefaultAzureCredential failed to retrieve a token from the included credentials.; Attempted credentials:; EnvironmentCredential is unavailable. No underlying credential could be used.; Azure CLI could not be found. Please install it and run 'az login'.; \\x1b[31mManagedIdentityCredential: network_error:; log in with 'az login' (then 'az account set --subscription ID'), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned",
    );
  });

  it("quotes ARM's code and message from a RestError's body, with a hint", () => {
    const e = {
      name: 'RestError',
      message: 'Pagination failed with unexpected statusCode 403',
      code: 'AuthorizationFailed',
      statusCode: 403,
      response: {
        bodyAsText: JSON.stringify({
          error: {
            code: 'AuthorizationFailed',
            message: "The client 'x' does not have authorization.",
          },
        }),
      },
    };
    expect(describeAzureFailure(e, 'chain')).toBe(
      "Azure Resource Manager said HTTP 403 AuthorizationFailed: The client 'x' does not have authorization. (grant this identity the Reader role on the resource group (or log in as one that has it))",
    );
  });
});

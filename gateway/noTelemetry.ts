/**
 * Nothing phones home. Unless told otherwise, @apollo/gateway exports usage metrics to Apollo's
 * servers and, to label them, probes the AWS, Azure, GCP and Alibaba cloud metadata endpoints when
 * an ApolloGateway is constructed. Partner networks run air-gapped and promise their members that
 * survivor work leaves no trace outside the network: the gateway turns it off, always (there is no
 * setting to turn it on). Its only switch is this environment variable, read by the constructor,
 * so this module is imported before any ApolloGateway is made (gateway/server.ts).
 * test/security/no-phone-home.test.ts fails on any outbound connection that is not on loopback.
 */
process.env.APOLLO_TELEMETRY_DISABLED = "true";

export {};

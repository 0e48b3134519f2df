// Placeholder until the console issue lands.
export {};

// s3rver ships no types: the little of it the tests use.
declare module "s3rver" {
  export default class S3rver {
    constructor(options: { port?: number; address?: string; silent?: boolean; directory: string; resetOnClose?: boolean });
    run(callback: (error: Error | null, details?: { address: string; port: number }) => void): unknown;
    close(callback?: (error?: Error) => void): unknown;
  }
}

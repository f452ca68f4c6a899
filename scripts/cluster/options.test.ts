import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, parseClusterOptions } from "./options";

describe("parseClusterOptions", () => {
  it("defaults to three instances on 3101… behind nginx on 8080, on the local PostgreSQL and Redis", () => {
    expect(parseClusterOptions([], {})).toEqual({
      count: 3,
      withNginx: true,
      listen: 8080,
      instancePorts: [3101, 3102, 3103],
      databaseUrl: DEFAULT_DATABASE_URL,
      redisUrl: DEFAULT_REDIS_URL,
      localPostgres: true,
      localRedis: true,
      build: true,
      instanceScript: null,
    });
  });

  it("takes the count, --no-nginx and the environment", () => {
    const options = parseClusterOptions(["--no-nginx", "2"], {
      CLUSTER_PORT: "9000",
      CLUSTER_FIRST_INSTANCE_PORT: "4000",
      DATABASE_URL: "postgres://db.example/demo",
      REDIS_URL: "redis://cache.example",
      CLUSTER_SKIP_BUILD: "1",
    });
    expect(options).toMatchObject({
      count: 2,
      withNginx: false,
      listen: 9000,
      instancePorts: [4000, 4001],
      databaseUrl: "postgres://db.example/demo",
      localPostgres: false,
      localRedis: false,
      build: false,
    });
  });

  it.each([
    [["0"], {}, "from 1 to 16"],
    [["17"], {}, "from 1 to 16"],
    [["two"], {}, "from 1 to 16"],
    [["2", "3"], {}, "unexpected 3"],
    [["--nginx"], {}, "unexpected --nginx"],
    [[], { CLUSTER_PORT: "80a" }, "CLUSTER_PORT must be a port number"],
    [[], { CLUSTER_FIRST_INSTANCE_PORT: "65535" }, "leaves no room for 3 instances"],
    [[], { CLUSTER_PORT: "3102" }, "CLUSTER_PORT 3102 is one of the instances' ports"],
    [[], { DATABASE_URL: "file:data/buddylist.db" }, "DATABASE_URL must be postgresql://"],
  ])("refuses %j with %j", (argv, env, error) => {
    expect(() => parseClusterOptions(argv, env)).toThrow(error);
  });
});

import { describe, expect, it } from "vitest";
import { EventBus } from "./eventBus";

describe("EventBus", () => {
  it("forwards a socket's messages to every listener of that name until it stops listening", () => {
    const bus = new EventBus();
    const got: unknown[] = [];
    const stop = bus.on("incident", (d) => got.push(["a", d]));
    bus.on("incident", (d) => got.push(["b", d]));
    bus.on("speaking", (d) => got.push(["c", d]));
    const on = bus.forward(["incident"]);

    on.incident({ id: 1 });
    stop();
    on.incident({ id: 2 });

    expect(got).toEqual([
      ["a", { id: 1 }],
      ["b", { id: 1 }],
      ["b", { id: 2 }],
    ]);
    expect(Object.keys(on)).toEqual(["incident"]);
  });
});

import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  loginProblem,
  waitText,
} from "../../components/operator/login_messages.ts";
import { problemText } from "../../components/operator/scanner_state.ts";

Deno.test("the login throttle's wait reads as minutes and seconds", () => {
  assertEquals(waitText(45), "45 s");
  assertEquals(waitText(0.2), "1 s");
  assertEquals(waitText(-3), "0 s");
  assertEquals(waitText(60), "1 min 00 s");
  assertEquals(waitText(899.4), "15 min 00 s");
  assertEquals(waitText(245), "4 min 05 s");
});

Deno.test("login failures name the secret that was used", () => {
  const invalid = { status: 401, code: "INVALID_CREDENTIALS", message: "" };
  assert(loginProblem(invalid, "pin").text.includes("PIN is not correct"));
  assert(loginProblem(invalid, "password").text.includes("password"));
  const throttled = { status: 429, code: "LOGIN_THROTTLED", message: "" };
  assertEquals(
    loginProblem(throttled, "pin").title,
    "Too many failed sign-ins",
  );
  const manager = { status: 401, code: "PASSWORD_REQUIRED", message: "" };
  assert(loginProblem(manager, "pin").text.includes("with their password"));
  const odd = { status: 500, code: "INTERNAL", message: "Oops." };
  assertEquals(loginProblem(odd, "pin").text, "Oops. (INTERNAL)");
});

Deno.test("scanner problems say what to do", () => {
  assert(
    problemText({ status: 0, code: "NETWORK", message: "" }).includes(
      "No connection",
    ),
  );
  assert(
    problemText({
      status: 429,
      code: "RATE_LIMITED",
      message: "",
      retryAfter: 7,
    })
      .includes("Wait 7 seconds"),
  );
});

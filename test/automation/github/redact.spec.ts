import { strict as assert } from "node:assert";
import { redact } from "../../../automation/github/redact";
import { generateAppKeys } from "../../support/github-server";

describe("redact", () => {
    const pem = generateAppKeys().privateKeyPem;
    const body = pem.split("\n")[1]!;

    it("removes a multi-line PEM block", () => {
        const out = redact(`key:\n${pem}done`);
        assert.equal(out, "key:\n[REDACTED PEM]\ndone");
    });

    it("removes a PEM block written on one line with \\n escapes", () => {
        const out = redact(`GITHUB_APP_PRIVATE_KEY="${pem.trim().replace(/\n/g, "\\n")}"`);
        assert.equal(out, 'GITHUB_APP_PRIVATE_KEY="[REDACTED PEM]"');
    });

    it("removes the start of a PEM block cut short by a log line limit", () => {
        const out = redact(`oops ${pem.slice(0, 200)}`);
        assert.ok(!out.includes(body.slice(0, 30)));
        assert.match(out, /^oops \[REDACTED PEM\]/);
    });

    it("removes installation, personal and fine-grained GitHub tokens", () => {
        const text = [
            "ghs_16C7e42F292c6912E7710c838347Ae178B4a",
            "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
        ].join(" ");
        assert.equal(redact(text), "[REDACTED TOKEN] [REDACTED TOKEN] [REDACTED TOKEN]");
    });

    it("removes a token glued to a digit, an underscore or a percent-escape, where \\b finds no boundary", () => {
        // GIVEN tokens in a URL-encoded body, after a variable name, and after a digit
        const token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
        const text = `token%3D${token}&x=1 RAYOPS_GITHUB_TOKEN_${token} 2${token}`;
        // WHEN the text is redacted
        const out = redact(text);
        // THEN none of the three is left
        assert.equal(
            out,
            "token%3D[REDACTED TOKEN]&x=1 RAYOPS_GITHUB_TOKEN_[REDACTED TOKEN] 2[REDACTED TOKEN]",
        );
    });

    it("leaves a word that merely contains a token prefix alone", () => {
        const text = "the highs_and_lows_of_the_week";
        assert.equal(redact(text), text);
    });

    it("removes a JWT", () => {
        const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl-_x";
        assert.equal(redact(`bearer ${jwt} end`), "bearer [REDACTED JWT] end");
    });

    it("removes the credential after an authorization header of any format", () => {
        assert.equal(redact('{"authorization":"token abc.def"}'), '{"authorization":"token [REDACTED]"}');
    });

    it("leaves ordinary text, commit SHAs and the word ghs alone", () => {
        const text = "ghs and eyJ are prefixes; commit 3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291 is fine";
        assert.equal(redact(text), text);
    });
});

import { strict as assert } from "node:assert";
import { APP_SLUG_PATTERN, authoredByApp, botLogin } from "../../../automation/github/identity";

describe("authoredByApp", () => {
    const bot = { login: "rayops[bot]", type: "Bot" };

    it("accepts the App's bot user, with performed_via_github_app null or absent", () => {
        // GIVEN what GitHub renders for a comment written with the App's installation token
        // THEN it is the App's
        assert.equal(authoredByApp({ user: bot, performed_via_github_app: null }, "rayops"), true);
        assert.equal(authoredByApp({ user: bot }, "rayops"), true);
    });

    it("accepts the App's bot user when performed_via_github_app names the same App", () => {
        assert.equal(
            authoredByApp({ user: bot, performed_via_github_app: { slug: "rayops" } }, "rayops"),
            true,
        );
    });

    it("refuses a person, even one who acted through the App", () => {
        // GIVEN a person's comment made with a user-to-server token of the App
        const viaApp = {
            user: { login: "mallory", type: "User" },
            performed_via_github_app: { slug: "rayops" },
        };
        // THEN it is not the App's
        assert.equal(authoredByApp(viaApp, "rayops"), false);
    });

    it("refuses another App's bot, and the App's bot login without type Bot", () => {
        assert.equal(authoredByApp({ user: { login: "other[bot]", type: "Bot" } }, "rayops"), false);
        assert.equal(authoredByApp({ user: { login: "rayops[bot]", type: "User" } }, "rayops"), false);
    });

    it("refuses the App's bot when performed_via_github_app names another App", () => {
        assert.equal(
            authoredByApp({ user: bot, performed_via_github_app: { slug: "other" } }, "rayops"),
            false,
        );
    });

    it("refuses a deleted author (user: null)", () => {
        assert.equal(authoredByApp({ user: null }, "rayops"), false);
    });
});

describe("APP_SLUG_PATTERN and botLogin", () => {
    it("accepts GitHub's slugs and names their bot users <slug>[bot]", () => {
        for (const slug of ["rayops", "acme-platform", "app2", "a"])
            assert.ok(APP_SLUG_PATTERN.test(slug), slug);
        assert.equal(botLogin("acme-platform"), "acme-platform[bot]");
    });

    it("refuses upper case, spaces, the [bot] suffix, a leading hyphen and more than 34 characters", () => {
        for (const slug of ["RayOps", "ray ops", "rayops[bot]", "-rayops", "a".repeat(35), ""]) {
            assert.ok(!APP_SLUG_PATTERN.test(slug), slug);
        }
    });
});

/**
 * What the fake GitHub holds in memory (tokens, issues, comments, check runs) and how GitHub
 * renders each as JSON. The route modules read and change it; tests read it through FakeGitHub.
 */
import type {
    Ctx,
    FakeAuthor,
    FakeCheckRun,
    FakeComment,
    FakeGitHubOptions,
    FakeIssue,
    IssuedToken,
    Json,
    Reply,
    TokenRequest,
} from "./types";

export class GitHubStore {
    readonly tokenRequests: TokenRequest[] = [];
    /** Every installation token handed out, so tests can assert none leaks. */
    readonly issuedTokens: string[] = [];
    readonly comments: FakeComment[] = [];
    readonly issues: FakeIssue[] = [];
    readonly checkRuns: FakeCheckRun[] = [];
    /** Merged pull requests and the commits each brought to the default branch (`seedMergedPull`). */
    readonly mergedPulls: Array<{
        number: number;
        title: string;
        mergeCommitSha: string;
        commits: string[];
    }> = [];
    /** Live installation tokens by value (the routes' bookkeeping, not for tests). */
    readonly tokens = new Map<string, IssuedToken>();
    private nextId = 1000;

    constructor(
        /** `http://127.0.0.1:<port>`; use as GITHUB_API_URL. */
        readonly url: string,
        readonly options: FakeGitHubOptions,
    ) {}

    /** The App's slug; see `FakeGitHubOptions.appSlug`. */
    get appSlug(): string {
        return this.options.appSlug ?? "rayops";
    }

    /** The App's bot user, the author of everything written with an installation token. */
    get botAuthor(): FakeAuthor {
        return { login: `${this.appSlug}[bot]`, type: "Bot" };
    }

    /**
     * Adds comments to an issue or pull request thread, oldest first, as `author`: a login (a
     * `…[bot]` one is a Bot, any other a User) or a full author. @default a person, octocat
     */
    seedComments(
        issueNumber: number,
        bodies: readonly string[],
        author: string | FakeAuthor = "octocat",
    ): void {
        for (const body of bodies) this.addComment(issueNumber, body, authorOf(author));
    }

    /**
     * A pull request merged by `mergeCommitSha` (a merge or squash commit); `commits` adds the
     * pull request's own commits, as a rebase merge puts them on the branch. Its number is the
     * next issue number, as GitHub numbers both alike.
     */
    seedMergedPull(pull: { title: string; mergeCommitSha: string; commits?: string[] }): number {
        const number = this.nextIssueNumber();
        this.mergedPulls.push({
            number,
            title: pull.title,
            mergeCommitSha: pull.mergeCommitSha,
            commits: pull.commits ?? [],
        });
        return number;
    }

    pullJson(pull: StoreMergedPull): Json {
        return {
            number: pull.number,
            title: pull.title,
            state: "closed",
            html_url: `https://github.com/${this.options.owner}/${this.options.repo}/pull/${pull.number}`,
            merged_at: "2026-12-01T12:00:00Z",
            merge_commit_sha: pull.mergeCommitSha,
        };
    }

    commentsOn(issueNumber: number): FakeComment[] {
        return this.comments.filter((c) => c.issueNumber === issueNumber);
    }

    /** Adds an issue; `author` as in `seedComments`. @default a person, octocat */
    seedIssue(issue: {
        title: string;
        body: string;
        labels?: string[];
        state?: "open" | "closed";
        author?: string | FakeAuthor;
    }): FakeIssue {
        const created: FakeIssue = {
            number: this.nextIssueNumber(),
            title: issue.title,
            body: issue.body,
            labels: issue.labels ?? [],
            state: issue.state ?? "open",
            stateReason: issue.state === "closed" ? "completed" : null,
            author: authorOf(issue.author ?? "octocat"),
            createdAt: new Date().toISOString(),
        };
        this.issues.push(created);
        return created;
    }

    /** Ids of comments and check runs come from one counter, as GitHub's never collide within a test. */
    newId(): number {
        return this.nextId++;
    }

    isIssue(issueNumber: number): boolean {
        return this.issues.some((i) => i.number === issueNumber);
    }

    addComment(issueNumber: number, body: string, author: FakeAuthor): FakeComment {
        const now = new Date().toISOString();
        const comment: FakeComment = {
            id: this.newId(),
            issueNumber,
            body,
            author,
            createdAt: now,
            updatedAt: now,
        };
        this.comments.push(comment);
        return comment;
    }

    private nextIssueNumber(): number {
        const used = new Set([
            ...this.issues.map((i) => i.number),
            ...this.comments.map((c) => c.issueNumber),
        ]);
        let n = 1;
        while (used.has(n)) n++;
        return n;
    }

    /**
     * One page of `items` as GitHub pages lists: `per_page` (default 30, max 100), `page`, RFC 8288
     * `Link`; with `wrapIn`, the page is `{ total_count, [wrapIn]: items }` as for check runs.
     */
    paginated(ctx: Ctx, items: unknown[], wrapIn?: string): Reply {
        const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page") ?? 30) || 30));
        const page = Math.max(1, Number(ctx.url.searchParams.get("page") ?? 1) || 1);
        const last = Math.max(1, Math.ceil(items.length / perPage));
        const link = (p: number, rel: string) => {
            const u = new URL(ctx.url.pathname + ctx.url.search, this.url);
            u.searchParams.set("per_page", String(perPage));
            u.searchParams.set("page", String(p));
            return `<${u.toString()}>; rel="${rel}"`;
        };
        const links: string[] = [];
        if (page > 1) links.push(link(page - 1, "prev"));
        if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
        if (page > 1) links.push(link(1, "first"));
        const shown = items.slice((page - 1) * perPage, page * perPage);
        return {
            status: 200,
            body: wrapIn === undefined ? shown : { total_count: items.length, [wrapIn]: shown },
            headers: links.length > 0 ? { link: links.join(", ") } : {},
        };
    }

    repositoryId(): number {
        return 4242;
    }

    repositoryJson(): Json {
        const { owner, repo } = this.options;
        return { id: this.repositoryId(), name: repo, full_name: `${owner}/${repo}` };
    }

    commentJson(c: FakeComment): Json {
        const { owner, repo } = this.options;
        return {
            id: c.id,
            body: c.body,
            ...this.authorJson(c.author),
            created_at: c.createdAt,
            updated_at: c.updatedAt,
            html_url: `https://github.com/${owner}/${repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
        };
    }

    issueJson(i: FakeIssue): Json {
        const { owner, repo } = this.options;
        return {
            number: i.number,
            title: i.title,
            body: i.body,
            state: i.state,
            state_reason: i.stateReason,
            labels: i.labels.map((name) => ({ name })),
            ...this.authorJson(i.author),
            created_at: i.createdAt,
            html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
        };
    }

    checkRunJson(run: FakeCheckRun): Json {
        const { owner, repo } = this.options;
        return {
            id: run.id,
            name: run.name,
            head_sha: run.headSha,
            external_id: run.externalId,
            status: run.status,
            conclusion: run.conclusion,
            output: { ...run.output, annotations_count: run.annotations.length },
            html_url: `https://github.com/${owner}/${repo}/runs/${run.id}`,
            // Every run here is made with an installation token of the one App.
            app: this.appJson(),
        };
    }

    /** The App as GitHub renders an integration (`GET /app`, a check run's `app`). */
    appJson(): Json {
        const { appId, owner } = this.options;
        return {
            id: Number(appId) || 1,
            slug: this.appSlug,
            name: this.appSlug,
            owner: { login: owner, type: "Organization" },
        };
    }

    /** `user` and `performed_via_github_app` of a comment or an issue. */
    private authorJson(author: FakeAuthor): Json {
        return {
            user: { login: author.login, type: author.type },
            performed_via_github_app:
                author.viaApp === undefined
                    ? null
                    : { ...this.appJson(), slug: author.viaApp, name: author.viaApp },
        };
    }
}

function authorOf(author: string | FakeAuthor): FakeAuthor {
    return typeof author === "string"
        ? { login: author, type: author.endsWith("[bot]") ? "Bot" : "User" }
        : author;
}

type StoreMergedPull = GitHubStore["mergedPulls"][number];

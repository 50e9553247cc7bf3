namespace Ideation.Bench.Listing;

/// <summary>
/// Words for generated titles and descriptions, and the marker words that give search queries known
/// match counts. Markers go into every n-th row (see <see cref="Markers"/>), so that at one million
/// rows they match about 10, 1k, 10k and 100k ideas whatever the random text around them says; none
/// of the ordinary words shares a stem with a marker.
/// </summary>
internal static class SeedVocabulary
{
    /// <summary>(word, one row in every n carries it): matches = rows / n.</summary>
    public static readonly IReadOnlyList<(string Word, int Every)> Markers =
    [
        ("zeppelin", 100_000),
        ("kombucha", 1_000),
        ("hydroponic", 100),
        ("solar", 10),
    ];

    public static readonly string[] Words =
    [
        "improve", "office", "meeting", "rooms", "booking", "process", "customer", "support", "faster", "response",
        "reduce", "costs", "energy", "lighting", "heating", "printer", "paper", "recycling", "coffee", "kitchen",
        "parking", "bike", "racks", "shower", "remote", "work", "schedule", "flexible", "hours", "onboarding",
        "new", "employees", "mentoring", "program", "training", "budget", "conference", "travel", "policy", "expense",
        "reports", "automate", "invoices", "approval", "workflow", "dashboard", "metrics", "quarterly", "review", "feedback",
        "survey", "anonymous", "suggestion", "box", "digital", "signage", "lobby", "visitors", "badge", "security",
        "password", "manager", "single", "sign", "laptop", "refresh", "monitors", "desks", "standing", "chairs",
        "ergonomic", "noise", "quiet", "zone", "focus", "time", "calendar", "shared", "drive", "cleanup",
        "documentation", "wiki", "search", "knowledge", "base", "chat", "channel", "announcements", "newsletter", "team",
        "lunch", "events", "volunteering", "charity", "green", "plants", "windows", "air", "quality", "sensors",
        "temperature", "water", "bottles", "plastic", "waste", "compost", "canteen", "menu", "vegetarian", "options",
        "gym", "membership", "wellness", "health", "insurance", "benefits", "pension", "salary", "transparency", "career",
        "paths", "promotion", "criteria", "skills", "matrix", "hackathon", "innovation", "day", "prototype", "pilot",
        "release", "deploy", "pipeline", "tests", "coverage", "monitoring", "alerts", "incident", "postmortem", "latency",
        "database", "backup", "restore", "archive", "storage", "cloud", "migration", "vendor", "contract", "license",
        "audit", "compliance", "privacy", "consent", "accessibility", "contrast", "fonts", "mobile", "app", "offline",
        "mode", "notifications", "email", "templates", "signature", "branding", "logo", "website", "landing", "page",
        "checkout", "payment", "refund", "returns", "shipping", "tracking", "warehouse", "inventory", "forecast", "demand",
        "pricing", "discount", "loyalty", "points", "referral", "partner", "portal", "api", "integration", "webhook",
        "export", "import", "spreadsheet", "report", "analytics", "tagging", "labels", "filters", "sorting", "archive",
        "holiday", "calendar", "shift", "swap", "overtime", "tracking", "timesheet", "reminder", "weekly", "standup",
        "retrospective", "planning", "roadmap", "priorities", "goals", "objectives", "results", "celebrate", "wins", "recognition",
    ];

    public static readonly string[] Tags =
    [
        "cost", "green", "safety", "speed", "quality", "customers", "people", "tools", "security", "office",
        "remote", "health", "learning", "data", "automation", "mobile", "web", "finance", "legal", "hr",
        "it", "support", "sales", "marketing", "travel", "events", "facilities", "energy", "waste", "water",
        "privacy", "accessibility", "onboarding", "culture", "process", "reporting", "design", "research", "quick-win", "long-term",
    ];

    /// <summary>The categories the ideas service ships with (appsettings.json), so that the category filter validates.</summary>
    public static readonly string[] Categories =
        ["product", "process", "technology", "customer-experience", "cost-saving", "workplace", "other"];
}

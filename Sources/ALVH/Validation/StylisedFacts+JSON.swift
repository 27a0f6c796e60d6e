extension StylisedFacts {
    /// Every line with its value, standard error and number of observations (natural units), keyed by
    /// `StylisedFact.key`, after the day counts and the standard-error method.
    public var json: JSONValue {
        .object([
            ("panel_days", .integer(panelDays)),
            ("futures_days", .integer(futuresDays)),
            ("standard_errors", .string(standardErrorMethod.description)),
            ("facts", .object(StylisedFact.all.map { fact in
                let e = self[fact]
                return (fact.key, .object([
                    ("value", e.value.map { .number($0) } ?? .null),
                    ("stderr", e.standardError.map { .number($0) } ?? .null),
                    ("observations", .integer(e.observations)),
                ]))
            })),
        ])
    }
}

import ALVH
import ArgumentParser
import Foundation

extension QuotedInstrument: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `alvh price`: one model price under Q at the market's current spot and variance.
struct PriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price one instrument under the market's Q dynamics (COS for options, Laplace transform for VIX futures).",
        discussion: """
            Example: alvh price --instrument vix-call --strike 25 --horizon-days 21 --market configs/markets/two-factor.yaml
            Units: SPX options in index points, VIX futures and options in VIX points, per unit (contract values
            with multipliers 100 and 1000 are printed too); maturities of at least one trading hour (0.1538 days).
            """)

    @OptionGroup var marketOption: MarketOption

    @Option(help: "spx-put, spx-call, vix-future, vix-call or vix-put.")
    var instrument: QuotedInstrument

    @Option(parsing: .unconditional, help: "Strike in index points, (0, 1e7) (a VIX strike of 25 means VIX = 25). Not for vix-future.")
    var strike: Double?

    @Option(name: [.customLong("horizon-days"), .customLong("days")], parsing: .unconditional,
            help: "Maturity in trading days, 0.1538 ... 7560 (252 a year); --days is an alias.")
    var days: Double?

    @Option(parsing: .unconditional, help: "Maturity in years, 0.00061 ... 30.")
    var years: Double?

    @Option(help: ArgumentHelp("Write the quote as JSON to this file ('-' for standard output only).", valueName: "file"))
    var json: String?

    func validate() throws {
        do { _ = try PriceRequest(instrument: instrument, strike: strike, days: days, years: years) }
        catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let model = try marketOption.load(measure: nil, scheme: nil)
        let quote = PriceQuote(model: model, request: try PriceRequest(instrument: instrument, strike: strike, days: days, years: years))
        if json != "-" { try OutputFile.writeStandardOutput(quote.text) }
        if let json {
            let provenance = Provenance(seed: nil, market: model, warnings: model.warnings(measure: nil, scheme: nil))
            try OutputFile.write(quote.json(provenance: provenance).serialized(), to: json)
        }
    }
}

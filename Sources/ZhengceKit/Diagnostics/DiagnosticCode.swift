/// Every diagnostic the product can emit. Codes are stable: once published, a code keeps its
/// meaning. Each one is documented, with an example and the fix, in `docs/diagnostics.md`.
public enum DiagnosticCode: String, Sendable, CaseIterable, Hashable {
    // Lexical and syntax
    case unexpectedCharacter = "Z001"
    case fullWidthPunctuation = "Z002"
    case unterminatedString = "Z003"
    case invalidNumber = "Z004"
    case syntax = "Z005"
    case invalidDate = "Z006"
    case nestingTooDeep = "Z007"
    case bidiControl = "Z008"
    case confusableCharacter = "Z009"

    // Names
    case unknownFact = "Z101"
    case unknownClause = "Z102"
    case duplicateClause = "Z103"
    case duplicateName = "Z104"
    case unknownField = "Z105"
    case unknownFunction = "Z106"
    case unknownChoice = "Z107"
    case conflictingFactTypes = "Z108"
    case duplicateDocument = "Z109"
    case nearDuplicateFact = "Z110"
    case textComparedWithLiterals = "Z111"

    // Types and units
    case typeMismatch = "Z201"
    case currencyMismatch = "Z202"
    case unitMismatch = "Z203"
    case moneyTimesMoney = "Z204"
    case percentageOutOfRange = "Z205"
    case argumentCount = "Z206"
    case amountCurrency = "Z207"

    // Brackets
    case overlappingArms = "Z301"
    case unorderedArms = "Z302"
    case gapBetweenArms = "Z303"
    case unreachableArm = "Z304"
    case capNeverBinds = "Z305"
    case impossibleCondition = "Z306"
    case trivialCondition = "Z307"
    case suspiciousRate = "Z308"
    case presenceTrigger = "Z309"
    case capAlwaysBinds = "Z330"
    case constantAboveCap = "Z331"

    // Structure
    case referenceCycle = "Z401"
    case exclusionMissingClause = "Z402"
    case exclusionTooSmall = "Z403"
    case validityReversed = "Z404"
    case scheduleSum = "Z405"
    case capBelowFloor = "Z406"
    case missingArticle = "Z407"
    case unusedFact = "Z408"
    case exclusionDocumentNotLoaded = "Z409"
    case missingHeader = "Z410"

    // Inputs (applicant and example files)
    case malformedJSON = "Z501"
    case factType = "Z502"
    case unknownInputFact = "Z503"
    case exampleOutsideValidity = "Z504"
    case exampleUnknownClause = "Z505"
    case unknownPriorClause = "Z506"
    case examplesFileShape = "Z507"

    public var defaultSeverity: Diagnostic.Severity {
        switch self {
        case .gapBetweenArms, .missingArticle, .unusedFact, .exclusionDocumentNotLoaded, .unreachableArm, .capNeverBinds, .trivialCondition, .suspiciousRate, .presenceTrigger,
             .nearDuplicateFact, .textComparedWithLiterals, .capAlwaysBinds, .constantAboveCap:
            return .warning
        default:
            return .error
        }
    }

    /// A short name for SARIF rules and the catalogue.
    public var title: String {
        switch self {
        case .unexpectedCharacter: return "unexpected character"
        case .fullWidthPunctuation: return "full-width punctuation"
        case .unterminatedString: return "unterminated string"
        case .invalidNumber: return "invalid number"
        case .syntax: return "syntax error"
        case .invalidDate: return "invalid date"
        case .nestingTooDeep: return "nesting too deep"
        case .bidiControl: return "bidirectional control character"
        case .confusableCharacter: return "confusable character"
        case .unreachableArm: return "unreachable bracket arm"
        case .capNeverBinds: return "cap that never binds"
        case .impossibleCondition: return "condition that can never hold"
        case .trivialCondition: return "condition that always holds"
        case .suspiciousRate: return "rate that looks mistyped"
        case .presenceTrigger: return "clause triggered by a figure's presence"
        case .capAlwaysBinds: return "cap that always binds"
        case .constantAboveCap: return "fixed amount above its own cap"
        case .nearDuplicateFact: return "fact named almost like another file's"
        case .textComparedWithLiterals: return "free-text fact compared with fixed values"
        case .unknownFact: return "unknown fact"
        case .unknownClause: return "unknown clause"
        case .duplicateClause: return "duplicate clause id"
        case .duplicateName: return "duplicate name"
        case .unknownField: return "unknown field"
        case .unknownFunction: return "unknown function"
        case .unknownChoice: return "unknown choice value"
        case .conflictingFactTypes: return "fact declared with different types"
        case .duplicateDocument: return "duplicate document id"
        case .typeMismatch: return "type mismatch"
        case .currencyMismatch: return "currency mismatch"
        case .unitMismatch: return "unit mismatch"
        case .moneyTimesMoney: return "money multiplied by money"
        case .percentageOutOfRange: return "percentage out of range"
        case .argumentCount: return "wrong number of arguments"
        case .amountCurrency: return "amount in another currency"
        case .overlappingArms: return "overlapping bracket arms"
        case .unorderedArms: return "bracket arms out of order"
        case .gapBetweenArms: return "gap between bracket arms"
        case .referenceCycle: return "reference cycle"
        case .exclusionMissingClause: return "exclusion names a missing clause"
        case .exclusionTooSmall: return "exclusion with fewer than two members"
        case .validityReversed: return "validity ends before it starts"
        case .scheduleSum: return "schedule does not sum to 100%"
        case .capBelowFloor: return "cap below floor"
        case .missingArticle: return "clause without article citation"
        case .unusedFact: return "unused fact"
        case .exclusionDocumentNotLoaded: return "exclusion names a document not loaded"
        case .missingHeader: return "missing document header"
        case .malformedJSON: return "malformed JSON"
        case .factType: return "fact of the wrong type"
        case .unknownInputFact: return "unknown input fact"
        case .exampleOutsideValidity: return "example dated outside validity"
        case .exampleUnknownClause: return "example names an unknown clause"
        case .unknownPriorClause: return "support received under an unknown clause"
        case .examplesFileShape: return "examples file with unknown or missing fields"
        }
    }
}

import Testing
@testable import SiftTraces

/// The field names a compiled query reads or writes, each with a slot in the row array.
///
/// Rows are `[QueryValue]` indexed by slot, so evaluation never hashes a field name; a source
/// fills only the slots of fields the query mentions (``sourceFields``).
public final class FieldSlots: @unchecked Sendable {
    /// Slot per field name.
    public private(set) var slots: [String: Int] = [:]
    /// Field name per slot.
    public private(set) var names: [String] = []

    /// Creates an empty table.
    public init() {}

    /// The slot of `name`, adding it when new.
    public func slot(_ name: String) -> Int {
        if let slot = slots[name] { return slot }
        slots[name] = names.count
        names.append(name)
        return names.count - 1
    }

    /// A slot no query text can name (for intermediate aggregate results).
    func hiddenSlot() -> Int { slot("\u{0}\(names.count)") }

    /// The number of slots, the length of every row.
    public var count: Int { names.count }
}

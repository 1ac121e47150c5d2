import Testing

@testable import SiftBytes

@Suite struct CompressionTests {
    @Test(
        "Magic bytes decide the compression",
        arguments: [
            ([0x1F, 0x8B, 0x08, 0x00], Compression.gzip),
            ([0x78, 0x9C, 0x01, 0x02], .zlib),
            ([0x78, 0x01, 0x01, 0x02], .zlib),
            ([0x78, 0xDA, 0x01, 0x02], .zlib),
            ([0x28, 0xB5, 0x2F, 0xFD], .zstd),
            ([0x7B, 0x22, 0x61, 0x22], .none),
            ([0x78], .none),
            ([0x78, 0x78, 0x78, 0x78], .none),
        ] as [([UInt8], Compression)]
    )
    func detect(prefix: [UInt8], expected: Compression) {
        let got = prefix.withUnsafeBytes { Compression.detect($0) }
        #expect(got == expected)
    }
}

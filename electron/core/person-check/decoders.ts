/**
 * The configured WLT decoder (config personCheck.decoder). A vendor's licensed decoder is added
 * here as one more case; until then a terminal without one refuses the check with a clear message.
 */
import type { TerminalConfig } from '../config/config-schema.ts';
import { sampleCardPhotoPath, TestWltDecoder } from './test-wlt-decoder.ts';
import type { WltDecoder } from './wlt-decoder.ts';

export function createWltDecoderSelector(resourcesDir: string): (config: TerminalConfig) => WltDecoder | undefined {
  let test: TestWltDecoder | undefined;
  return (config) => {
    switch (config.personCheck.decoder) {
      case 'none':
        return undefined;
      case 'test':
        test ??= new TestWltDecoder({ photoPath: sampleCardPhotoPath(resourcesDir) });
        return test;
    }
  };
}
